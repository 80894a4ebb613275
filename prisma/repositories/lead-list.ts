import type { Database, SqlQuery } from '../client';
import type { Lead, LeadOrigin, LeadStage, Prisma } from '../generated/client';
import { afterKeyset, keysetOrderBy, type KeysetCursor, type KeysetOrder } from './keyset';
import { containing, escapeLike } from './like-pattern';
import { LEAD_COLUMNS, leadOfRow, type LeadRow } from './lead-rows';

export interface LeadListFilter {
  stage?: LeadStage[];
  origin?: LeadOrigin[];
  tag?: string;
  zone?: string;
  /** An agent's id, or 'none' for unassigned leads. */
  assignedAgentId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Free text over name, e-mail, phone and DNI. */
  q?: string;
}

export type LeadListOrder = KeysetOrder<'createdAt' | 'updatedAt'>;

/** What `q` must appear in searchText as: the text lower-cased, and its digits when it was typed with separators. */
function searchTexts(q: string): string[] {
  const digits = q.replace(/\D/g, '');
  return [q.toLowerCase(), ...(digits.length >= 4 && digits !== q ? [digits] : [])];
}

export function leadListWhere(filter: LeadListFilter): Prisma.LeadWhereInput {
  const and: Prisma.LeadWhereInput[] = [];
  if (filter.stage) and.push({ stage: { in: filter.stage } });
  if (filter.origin) and.push({ origin: { in: filter.origin } });
  if (filter.tag) and.push({ tags: { has: filter.tag } });
  if (filter.zone) and.push({ searchZoneKey: filter.zone.toLowerCase() });
  if (filter.assignedAgentId) and.push({ assignedAgentId: filter.assignedAgentId === 'none' ? null : filter.assignedAgentId });
  if (filter.createdFrom) and.push({ createdAt: { gte: filter.createdFrom } });
  if (filter.createdTo) and.push({ createdAt: { lt: filter.createdTo } });
  if (filter.q) and.push({ OR: searchTexts(filter.q).map((text) => ({ searchText: containing(text) })) });
  return and.length > 0 ? { AND: and } : {};
}

/**
 * Free text that holds a trigram (three letters or digits in a row) or a tag: the filters that
 * row-level security keeps from their indexes, so astor_lead_search (prisma/routines/lead-search.sql)
 * finds the page's ids with the whole filter. Other filters are served by the list's own indexes.
 */
function searchesThroughIndexes(filter: LeadListFilter): boolean {
  return Boolean(filter.tag) || (filter.q !== undefined && searchTexts(filter.q).every((text) => /[a-z0-9]{3}/i.test(text)));
}

/** The page's leads through astor_lead_search, which returns their ids in list order, read back under row-level security. */
async function searchPage(query: SqlQuery, filter: LeadListFilter, order: LeadListOrder, limit: number, after?: KeysetCursor): Promise<Lead[]> {
  const patterns = filter.q ? searchTexts(filter.q).map((text) => `%${escapeLike(text)}%`) : null;
  const rows = await query<LeadRow>(
    `SELECT ${LEAD_COLUMNS} FROM astor_lead_search($1::text[], $2::text, $3::text, $4::text[], $5::text[], $6::text, $7::timestamptz, $8::timestamptz,
       $9::text, $10::boolean, $11::timestamptz, $12::uuid, $13::int) WITH ORDINALITY AS found(id, position)
     JOIN "Lead" l ON l.id = found.id ORDER BY found.position`,
    [patterns, filter.tag ?? null, filter.zone?.toLowerCase() ?? null, filter.stage ?? null, filter.origin ?? null, filter.assignedAgentId ?? null,
      filter.createdFrom?.toISOString() ?? null, filter.createdTo?.toISOString() ?? null, order.field, order.direction === 'desc', after ? String(after.value) : null, after?.id ?? null, limit],
  );
  return rows.map(leadOfRow);
}

/**
 * One page of an agency's leads in keyset order (sort field, then id), fetching one extra row to
 * know whether another page follows. The indexes in the lead_search migration serve the plain
 * filters, through Prisma. Free text and tags take the page from astor_lead_search in one raw
 * statement: Prisma's transaction and query compiler cost a third or more of a search's time.
 */
export async function findLeadPage(db: Database, tenantId: string, filter: LeadListFilter, order: LeadListOrder, limit: number, after?: KeysetCursor): Promise<Lead[]> {
  if (searchesThroughIndexes(filter)) return db.sqlInTenant(tenantId, (query) => searchPage(query, filter, order, limit + 1, after));
  const where = leadListWhere(filter);
  return db.inTenant(tenantId, (tx) => tx.lead.findMany({ where: after ? { AND: [where, afterKeyset(order, after)] } : where, orderBy: keysetOrderBy(order), take: limit + 1 }));
}

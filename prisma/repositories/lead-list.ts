import type { TenantTx } from '../client';
import type { Lead, LeadOrigin, LeadStage, Prisma } from '../generated/client';
import { afterKeyset, keysetOrderBy, type KeysetCursor, type KeysetOrder } from './keyset';
import { containing, escapeLike } from './like-pattern';

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

async function searchPageIds(tx: TenantTx, filter: LeadListFilter, order: LeadListOrder, limit: number, after?: KeysetCursor): Promise<string[]> {
  const patterns = filter.q ? searchTexts(filter.q).map((text) => `%${escapeLike(text)}%`) : null;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT astor_lead_search AS id FROM astor_lead_search(${patterns}::text[], ${filter.tag ?? null}::text, ${filter.zone?.toLowerCase() ?? null}::text,
      ${filter.stage ?? null}::text[], ${filter.origin ?? null}::text[], ${filter.assignedAgentId ?? null}::text,
      ${filter.createdFrom?.toISOString() ?? null}::timestamptz, ${filter.createdTo?.toISOString() ?? null}::timestamptz,
      ${order.field}::text, ${order.direction === 'desc'}::boolean, ${after ? String(after.value) : null}::timestamptz, ${after?.id ?? null}::uuid, ${limit}::int)`;
  return rows.map((row) => row.id);
}

/**
 * One page of a tenant's leads in keyset order (sort field, then id), fetching one extra row to
 * know whether another page follows. The indexes in the lead_search migration serve the plain
 * filters. Free text and tags take the page's ids from astor_lead_search, and the rows are read
 * under row-level security with the whole filter applied again.
 */
export async function findLeadPage(tx: TenantTx, filter: LeadListFilter, order: LeadListOrder, limit: number, after?: KeysetCursor): Promise<Lead[]> {
  const where = leadListWhere(filter);
  if (!searchesThroughIndexes(filter)) {
    return tx.lead.findMany({ where: after ? { AND: [where, afterKeyset(order, after)] } : where, orderBy: keysetOrderBy(order), take: limit + 1 });
  }
  const ids = await searchPageIds(tx, filter, order, limit + 1, after);
  return ids.length === 0 ? [] : tx.lead.findMany({ where: { AND: [where, { id: { in: ids } }] }, orderBy: keysetOrderBy(order) });
}

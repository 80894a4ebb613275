import type { TenantTx } from '../client';
import type { Lead, LeadOrigin, LeadStage, Prisma } from '../generated/client';
import { afterKeyset, keysetOrderBy, type KeysetCursor, type KeysetOrder } from './keyset';
import { containing } from './like-pattern';

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

export function leadListWhere(filter: LeadListFilter): Prisma.LeadWhereInput {
  const and: Prisma.LeadWhereInput[] = [];
  if (filter.stage) and.push({ stage: { in: filter.stage } });
  if (filter.origin) and.push({ origin: { in: filter.origin } });
  if (filter.tag) and.push({ tags: { has: filter.tag } });
  if (filter.zone) and.push({ searchZoneKey: filter.zone.toLowerCase() });
  if (filter.assignedAgentId) and.push({ assignedAgentId: filter.assignedAgentId === 'none' ? null : filter.assignedAgentId });
  if (filter.createdFrom) and.push({ createdAt: { gte: filter.createdFrom } });
  if (filter.createdTo) and.push({ createdAt: { lt: filter.createdTo } });
  if (filter.q) {
    const digits = filter.q.replace(/\D/g, '');
    and.push({ OR: [{ searchText: containing(filter.q.toLowerCase()) }, ...(digits.length >= 4 && digits !== filter.q ? [{ searchText: containing(digits) }] : [])] });
  }
  return and.length > 0 ? { AND: and } : {};
}

/**
 * One page of a tenant's leads in keyset order (sort field, then id), fetching one extra row to
 * know whether another page follows. The indexes in the lead_search migration serve these shapes.
 */
export function findLeadPage(tx: TenantTx, filter: LeadListFilter, order: LeadListOrder, limit: number, after?: KeysetCursor): Promise<Lead[]> {
  const where = leadListWhere(filter);
  return tx.lead.findMany({
    where: after ? { AND: [where, afterKeyset(order, after)] } : where,
    orderBy: keysetOrderBy(order),
    take: limit + 1,
  });
}

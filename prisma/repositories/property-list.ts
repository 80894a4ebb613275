import type { TenantTx } from '../client';
import type { Prisma, Property, PropertyOperation, PropertyStatus, PropertyType } from '../generated/client';
import { afterKeyset, keysetOrderBy, type KeysetCursor, type KeysetOrder } from './keyset';
import { containing, equalIgnoringCase } from './like-pattern';

export interface PropertyListFilter {
  operation?: PropertyOperation;
  type?: PropertyType[];
  status?: PropertyStatus[];
  zone?: string;
  priceMin?: number;
  priceMax?: number;
  currency?: string;
  roomsMin?: number;
  q?: string;
}

export function propertyListWhere(filter: PropertyListFilter): Prisma.PropertyWhereInput {
  const and: Prisma.PropertyWhereInput[] = [];
  if (filter.operation) and.push({ operation: filter.operation });
  if (filter.type) and.push({ type: { in: filter.type } });
  if (filter.status) and.push({ status: { in: filter.status } });
  if (filter.zone) and.push({ zone: equalIgnoringCase(filter.zone) });
  if (filter.priceMin !== undefined) and.push({ price: { gte: filter.priceMin } });
  if (filter.priceMax !== undefined) and.push({ price: { lte: filter.priceMax } });
  if (filter.currency) and.push({ currency: filter.currency });
  if (filter.roomsMin !== undefined) and.push({ rooms: { gte: filter.roomsMin } });
  if (filter.q) {
    and.push({
      OR: [
        { title: containing(filter.q, { ignoringCase: true }) },
        { address: containing(filter.q, { ignoringCase: true }) },
        { externalRef: { equals: filter.q } },
      ],
    });
  }
  return and.length > 0 ? { AND: and } : {};
}

export function findPropertyPage(
  tx: TenantTx,
  filter: PropertyListFilter,
  order: KeysetOrder<'createdAt' | 'price'>,
  limit: number,
  after?: KeysetCursor,
): Promise<Property[]> {
  const where = propertyListWhere(filter);
  return tx.property.findMany({
    where: after ? { AND: [where, afterKeyset(order, after, order.field === 'createdAt')] } : where,
    orderBy: keysetOrderBy(order),
    take: limit + 1,
  });
}

import type { Property } from '../../prisma/generated/client';

/** A property as the API shows it: money and area as numbers. */
export function propertyView(property: Property) {
  const { tenantId: _tenantId, price, areaM2, ...rest } = property;
  return { ...rest, price: price.toNumber(), areaM2: areaM2 === null ? null : areaM2.toNumber() };
}

import type { Lead } from '../../prisma/generated/client';

const toNumber = (value: { toNumber(): number } | null) => (value === null ? null : value.toNumber());

/** A lead as the API shows it: money as numbers, no internal columns. */
export function leadView(lead: Lead) {
  const { tenantId: _tenantId, searchText: _searchText, searchZoneKey: _searchZoneKey, budgetMin, budgetMax, ...rest } = lead;
  return { ...rest, budgetMin: toNumber(budgetMin), budgetMax: toNumber(budgetMax) };
}

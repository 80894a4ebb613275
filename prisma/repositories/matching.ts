import { BUDGET_STRETCH, scoreMatch, type MatchableProperty, type SearchCriteria } from '../../domain/property-matching';
import type { TenantTx } from '../client';
import type { Lead, Prisma, Property } from '../generated/client';

/** Candidates scored in memory per request; the SQL prefilter keeps this bounded. */
const CANDIDATE_LIMIT = 2_000;

const num = (value: { toNumber(): number } | null) => (value === null ? null : value.toNumber());

export function criteriaOf(lead: Lead): SearchCriteria {
  return { ...lead, budgetMin: num(lead.budgetMin), budgetMax: num(lead.budgetMax) };
}

export function matchable(property: Property): MatchableProperty {
  return { ...property, price: property.price.toNumber() };
}

function ranked<T>(pairs: { item: T; match: ReturnType<typeof scoreMatch> }[], limit: number) {
  return pairs
    .filter((pair): pair is { item: T; match: NonNullable<ReturnType<typeof scoreMatch>> } => pair.match !== undefined)
    .sort((a, b) => b.match.score - a.match.score)
    .slice(0, limit);
}

/** Available properties that fit the lead's search, best first. */
export async function propertiesForLead(tx: TenantTx, lead: Lead, limit: number) {
  const criteria = criteriaOf(lead);
  const where: Prisma.PropertyWhereInput = {
    status: 'AVAILABLE',
    ...(criteria.searchOperation ? { operation: lead.searchOperation! } : {}),
    ...(criteria.searchType ? { type: lead.searchType! } : {}),
    ...(criteria.budgetCurrency && (criteria.budgetMin !== null || criteria.budgetMax !== null) ? { currency: criteria.budgetCurrency } : {}),
    ...(criteria.budgetMax !== null ? { price: { lte: criteria.budgetMax * (1 + BUDGET_STRETCH) } } : {}),
  };
  const candidates = await tx.property.findMany({ where, orderBy: { createdAt: 'desc' }, take: CANDIDATE_LIMIT });
  return ranked(candidates.map((item) => ({ item, match: scoreMatch(criteria, matchable(item)) })), limit);
}

/** Reachable leads whose search this property fits, best first (opted-out and closed leads are left out). */
export async function leadsForProperty(tx: TenantTx, property: Property, limit: number) {
  const price = property.price.toNumber();
  const either = <T>(field: keyof Prisma.LeadWhereInput, value: T): Prisma.LeadWhereInput => ({ OR: [{ [field]: null }, { [field]: value }] });
  const where: Prisma.LeadWhereInput = {
    optOut: false,
    stage: { notIn: ['WON', 'LOST'] },
    AND: [
      either('searchOperation', property.operation),
      either('searchType', property.type),
      either('budgetCurrency', property.currency),
      { OR: [{ budgetMax: null }, { budgetMax: { gte: price / (1 + BUDGET_STRETCH) } }] },
      { OR: [{ searchOperation: { not: null } }, { searchType: { not: null } }, { searchZone: { not: null } }, { budgetMax: { not: null } }] },
    ],
  };
  const candidates = await tx.lead.findMany({ where, orderBy: { updatedAt: 'desc' }, take: CANDIDATE_LIMIT });
  return ranked(candidates.map((item) => ({ item, match: scoreMatch(criteriaOf(item), matchable(property)) })), limit);
}

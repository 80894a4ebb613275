/** What a lead is looking for; any field may be unknown. */
export interface SearchCriteria {
  searchOperation: string | null;
  searchType: string | null;
  searchZone: string | null;
  budgetMin: number | null;
  budgetMax: number | null;
  budgetCurrency: string | null;
  roomsMin: number | null;
}

export interface MatchableProperty {
  operation: string;
  type: string;
  zone: string;
  price: number;
  currency: string;
  rooms: number | null;
  status: string;
}

export interface Match {
  score: number;
  reasons: string[];
}

/** Leads stretch their budget a little for the right place; beyond this it is not a match. */
export const BUDGET_STRETCH = 0.1;
export const MIN_MATCH_SCORE = 40;

const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

function priceFit(criteria: SearchCriteria, property: MatchableProperty): { points: number; reason?: string } | undefined {
  const { budgetMin, budgetMax, budgetCurrency } = criteria;
  if (budgetMin === null && budgetMax === null) return { points: 0 };
  if (budgetCurrency && budgetCurrency !== property.currency) return undefined;
  if (budgetMax !== null && property.price > budgetMax * (1 + BUDGET_STRETCH)) return undefined;
  if (budgetMax !== null && property.price > budgetMax) return { points: 20, reason: 'price slightly over budget' };
  if (budgetMin !== null && property.price < budgetMin) return { points: 25, reason: 'price under budget' };
  return { points: 40, reason: 'price within budget' };
}

function roomsFit(criteria: SearchCriteria, property: MatchableProperty): { points: number; reason?: string } {
  if (criteria.roomsMin === null) return { points: 0 };
  if (property.rooms === null) return { points: 3 };
  if (property.rooms >= criteria.roomsMin) return { points: 10, reason: 'enough rooms' };
  return property.rooms === criteria.roomsMin - 1 ? { points: 2, reason: 'one room short' } : { points: -10 };
}

/**
 * Scores how well an available property fits a lead's search, 0–100, or undefined when it cannot
 * fit (wrong operation or type, other currency, over budget, not available). Unknown criteria
 * neither add nor exclude; a match needs MIN_MATCH_SCORE points.
 */
export function scoreMatch(criteria: SearchCriteria, property: MatchableProperty): Match | undefined {
  if (property.status !== 'AVAILABLE') return undefined;
  if (criteria.searchOperation && criteria.searchOperation !== property.operation) return undefined;
  if (criteria.searchType && criteria.searchType !== property.type) return undefined;
  const price = priceFit(criteria, property);
  if (!price) return undefined;
  const parts: { points: number; reason?: string }[] = [
    criteria.searchOperation ? { points: 10, reason: 'same operation' } : { points: 0 },
    criteria.searchType ? { points: 10, reason: 'same property type' } : { points: 0 },
    criteria.searchZone && fold(criteria.searchZone) === fold(property.zone) ? { points: 30, reason: 'in the wanted zone' } : { points: 0 },
    price,
    roomsFit(criteria, property),
  ];
  const score = Math.max(0, Math.min(100, parts.reduce((sum, part) => sum + part.points, 0)));
  if (score < MIN_MATCH_SCORE) return undefined;
  return { score, reasons: parts.flatMap((part) => (part.reason ? [part.reason] : [])) };
}

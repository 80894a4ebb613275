import { Prisma, type Lead } from '../generated/client';

type DateColumn = 'optOutAt' | 'lastInboundAt' | 'lastContactAt' | 'createdAt' | 'updatedAt';
const DATES: readonly DateColumn[] = ['optOutAt', 'lastInboundAt', 'lastContactAt', 'createdAt', 'updatedAt'];
const PLAIN = ['id', 'tenantId', 'name', 'phone', 'email', 'dni', 'origin', 'stage', 'tags', 'assignedAgentId', 'searchZone', 'searchType', 'searchOperation', 'budgetCurrency', 'roomsMin', 'optOut', 'notes', 'sourceDetails', 'searchText', 'searchZoneKey'] as const;

/**
 * The columns of "Lead" as raw SQL must select them (alias l) for `leadOfRow`: Prisma keeps dates
 * as UTC in columns without a time zone, so they are read as timestamptz, and money as text.
 */
export const LEAD_COLUMNS = [
  ...PLAIN.map((column) => `l."${column}"`),
  ...DATES.map((column) => `l."${column}" AT TIME ZONE 'UTC' AS "${column}"`),
  `l."budgetMin"::text AS "budgetMin"`,
  `l."budgetMax"::text AS "budgetMax"`,
].join(', ');

export type LeadRow = Omit<Lead, 'budgetMin' | 'budgetMax'> & { budgetMin: string | null; budgetMax: string | null };

const decimal = (value: string | null) => (value === null ? null : new Prisma.Decimal(value));

/** A row selected with LEAD_COLUMNS as Prisma would have returned it. */
export function leadOfRow(row: LeadRow): Lead {
  return { ...row, budgetMin: decimal(row.budgetMin), budgetMax: decimal(row.budgetMax) };
}

import { Prisma, type Lead } from '../generated/client';

const DATES = new Set<string>(['optOutAt', 'lastInboundAt', 'lastContactAt', 'createdAt', 'updatedAt']);
const MONEY = new Set<string>(['budgetMin', 'budgetMax']);

/**
 * Every column of "Lead" (Prisma's own list of its fields) as raw SQL must select them, alias l,
 * for `leadOfRow`: Prisma keeps dates as UTC in columns without a time zone, so they are read as
 * timestamptz, and money as text.
 */
export const LEAD_COLUMNS = Object.values(Prisma.LeadScalarFieldEnum)
  .map((column) => (DATES.has(column) ? `l."${column}" AT TIME ZONE 'UTC' AS "${column}"` : MONEY.has(column) ? `l."${column}"::text AS "${column}"` : `l."${column}"`))
  .join(', ');

export type LeadRow = Omit<Lead, 'budgetMin' | 'budgetMax'> & { budgetMin: string | null; budgetMax: string | null };

const decimal = (value: string | null) => (value === null ? null : new Prisma.Decimal(value));

/** A row selected with LEAD_COLUMNS as Prisma would have returned it. */
export function leadOfRow(row: LeadRow): Lead {
  return { ...row, budgetMin: decimal(row.budgetMin), budgetMax: decimal(row.budgetMax) };
}

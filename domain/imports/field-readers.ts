import type { TenantSettings } from '../tenant-settings';
import { parseAmount, parseCount, parseCurrency, type Amount } from './cell-values';
import type { EnumLabels } from './enum-labels';
import { rowMessages } from './row-errors';
import type { RowCheck } from './row-check';

type Country = TenantSettings['defaultCountry'];

/** Decimal(14, 2) in the database, as the API's `money` allows. */
const MAX_MONEY = 999_999_999_999;

export function readEnum<T extends string>(row: RowCheck, field: string, labels: EnumLabels<T>): T | undefined {
  const text = row.text(field);
  if (text === undefined) return undefined;
  return labels.read(text) ?? row.fail(field, 'unknown_value', rowMessages.unknownValue(text, labels.examples));
}

export function readAmount(row: RowCheck, field: string, country: Country): Amount | undefined {
  const text = row.text(field);
  if (text === undefined) return undefined;
  const amount = parseAmount(text, country);
  if (!amount) return row.fail(field, 'not_a_number', rowMessages.notANumber(text));
  return amount.value <= MAX_MONEY ? amount : row.fail(field, 'out_of_range', rowMessages.outOfRange(text));
}

export function readCurrency(row: RowCheck, field: string, country: Country): string | undefined {
  const text = row.text(field);
  if (text === undefined) return undefined;
  return parseCurrency(text, country) ?? row.fail(field, 'unknown_currency', rowMessages.unknownCurrency(text));
}

export function readCount(row: RowCheck, field: string, max: number): number | undefined {
  const text = row.text(field);
  if (text === undefined) return undefined;
  const count = parseCount(text);
  if (count === undefined) return row.fail(field, 'not_a_number', rowMessages.notANumber(text));
  return count <= max ? count : row.fail(field, 'out_of_range', rowMessages.outOfRange(text));
}

/** Only the fields that have a value, so an import never writes an explicit "nothing" over what a lead has. */
export const definedOnly = <T extends object>(values: T): T => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;

import { z } from 'zod';
import { isStorableText } from '../../domain/storable-text';

/** Building blocks shared by the resource schemas. */
export const uuid = z.uuid();
export const idParams = z.strictObject({ id: z.uuid() });

export const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(isStorableText, 'must not contain control characters or broken Unicode');
export const optionalText = (max: number) => text(max).nullable().optional();

export const tag = z.string().trim().toLowerCase().min(1).max(40).regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, spaces, _ . - only');
/** Decimal(14, 2) in the database: up to 999,999,999,999 (values just above it would round past the column). */
export const money = z.number().finite().nonnegative().max(999_999_999_999);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD or ARS');

/** `a,b,c` or repeated `?x=a&x=b` in a query string, as a validated list. */
export function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value), z.array(item).min(1).max(20));
}

export const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).transform((value) => new Date(value));

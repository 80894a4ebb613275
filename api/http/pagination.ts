import { z } from 'zod';
import { AppError } from './errors';

import type { KeysetCursor as Cursor } from '../../prisma/repositories/keyset';

export function encodeCursor(value: Date | string | number | null, id: string): string {
  const raw: Cursor = { value: value instanceof Date ? value.toISOString() : value, id };
  return Buffer.from(JSON.stringify(raw)).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof raw?.id === 'string' && /^[0-9a-f-]{36}$/.test(raw.id)) return raw;
  } catch {
    // fall through to the client error below
  }
  throw new AppError('validation_failed', 'The cursor is not valid; start again without it', { es: 'El cursor no es válido; empezá de nuevo sin él',
    fields: [{ path: 'cursor', message: 'is not a cursor this API issued', code: 'invalid_cursor' }],
  });
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Given `limit + 1` rows, returns the page and the cursor to the next one. */
export function toPage<Row extends { id: string }, T>(rows: Row[], limit: number, sortValue: (row: Row) => Date | string | number | null, view: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(sortValue(last), last.id) : null };
}

type Direction = 'asc' | 'desc';

export function sortParam<F extends string>(fields: readonly [F, ...F[]]) {
  const values = fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(`-${fields[0]}`)
    .transform((sort) => ({ field: sort.replace(/^-/, '') as F, direction: (sort.startsWith('-') ? 'desc' : 'asc') as Direction }));
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';

import type { KeysetCursor, KeysetOrder } from '../../prisma/repositories/keyset';

/** Every list that hands out cursors; a cursor opens only the list and sort it was issued for. */
export type CursorList =
  | 'leads'
  | 'lead-events'
  | 'properties'
  | 'campaigns'
  | 'campaign-recipients'
  | 'conversations'
  | 'conversation-messages'
  | 'audit-log'
  | 'webhook-deliveries'
  | 'import-rows';

export type SortValue = Date | string | number | null;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The cursors of one list in one sort order. */
export interface ListCursor {
  /** The position a client's cursor names (none without one); one this list and sort did not sign is a 400 naming `cursor`. */
  read(cursor: string | undefined): KeysetCursor | undefined;
  /** Given `limit + 1` rows, the page and a signed cursor to the next one. */
  page<Row extends { id: string }, T>(rows: Row[], limit: number, sortValue: (row: Row) => SortValue, view: (row: Row) => T): Page<T>;
}

export type CursorFor = (list: CursorList, order: KeysetOrder) => ListCursor;

const position = z.tuple([z.union([z.string(), z.number(), z.null()]), z.string()]);

function invalidCursor(): AppError {
  return new AppError('validation_failed', 'The cursor is not valid; start again without it', {
    es: 'El cursor no es válido; empezá de nuevo sin él',
    fields: [{ path: 'cursor', message: 'is not a cursor this API issued for this list and sort', code: 'invalid_cursor' }],
  });
}

function parsePosition(encoded: string): KeysetCursor {
  try {
    const [value, id] = position.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    return { value, id };
  } catch {
    throw invalidCursor();
  }
}

/**
 * Cursors read `<position>.<signature>`: the position is the last row's sort value and id, the
 * signature an HMAC-SHA256 over list, sort and position, so a client can neither edit a cursor
 * nor carry it to another list or sort.
 */
export function signedCursors(secret: string): CursorFor {
  return (list, order) => {
    const sign = (encoded: string) => createHmac('sha256', secret).update(`${list}\n${order.field}\n${order.direction}\n${encoded}`).digest('base64url');
    const issue = (value: SortValue, id: string) => {
      const encoded = Buffer.from(JSON.stringify([value instanceof Date ? value.toISOString() : value, id])).toString('base64url');
      return `${encoded}.${sign(encoded)}`;
    };
    return {
      read(cursor) {
        if (cursor === undefined) return undefined;
        const [encoded = '', signature = '', ...rest] = cursor.split('.');
        const [given, expected] = [Buffer.from(signature), Buffer.from(sign(encoded))];
        if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
        return parsePosition(encoded);
      },
      page(rows, limit, sortValue, view) {
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items: items.map(view), nextCursor: rows.length > limit && last ? issue(sortValue(last), last.id) : null };
      },
    };
  };
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

type Direction = 'asc' | 'desc';

export function sortParam<F extends string>(fields: readonly [F, ...F[]]) {
  const values = fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(`-${fields[0]}`)
    .transform((sort) => ({ field: sort.replace(/^-/, '') as F, direction: (sort.startsWith('-') ? 'desc' : 'asc') as Direction }));
}

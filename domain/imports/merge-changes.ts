/** One field a merge changes: what the record had, what the file brings. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

export type Changes = Record<string, FieldChange>;

const blank = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Values as they compare and travel in JSON: PostgreSQL decimals as numbers, dates as ISO text. */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !Array.isArray(value) && 'toNumber' in value && typeof value.toNumber === 'function') return (value as { toNumber(): number }).toNumber();
  return value;
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/**
 * What merging a file's row into an existing record changes: it fills the fields the record has blank and adds
 * to its lists (tags, photos); it never overwrites what the agency already has, so a merge cannot lose data.
 */
export function mergeChanges(existing: Record<string, unknown>, incoming: Record<string, unknown>, listFields: readonly string[]): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(incoming)) {
    if (blank(value)) continue;
    const current = plain(existing[field]);
    if (listFields.includes(field)) {
      const had = Array.isArray(current) ? (current as unknown[]) : [];
      const added = (value as unknown[]).filter((item) => !had.includes(item));
      if (added.length) changes[field] = { from: had, to: [...had, ...added] };
    } else if (blank(current)) {
      changes[field] = { from: current, to: plain(value) };
    }
  }
  return changes;
}

/** The patch that applies `changes` (`to`), or that undoes them (`from`). */
export const patchOf = (changes: Changes, side: keyof FieldChange): Record<string, unknown> => Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change[side]]));

/** The fields someone changed after the import wrote them: their record is left as it is on undo. */
export const editedSince = (current: Record<string, unknown>, changes: Changes): string[] => Object.keys(changes).filter((field) => !sameValue(current[field], changes[field]!.to));

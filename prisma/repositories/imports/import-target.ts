import type { TenantTx } from '../../client';

/** What an import needs from the entity it fills (leads or properties), so its dry run, apply and undo are written once. */
export interface ImportTarget {
  /** Fields whose values are lists: a merge adds to them instead of filling them. */
  listFields: readonly string[];
  /** The agency's records the rows name (by their keys: phone, DNI, e-mail; or external reference), by row index. */
  existingFor(tx: TenantTx, rows: Record<string, unknown>[]): Promise<Map<number, ImportRecord>>;
  current(tx: TenantTx, id: string): Promise<ImportRecord | null>;
  create(tx: TenantTx, values: Record<string, unknown>, importId: string): Promise<ImportRecord>;
  update(tx: TenantTx, id: string, patch: Record<string, unknown>): Promise<void>;
  /** Whether a record the import created has had no life of its own since (messages, visits, notes…). */
  untouched(tx: TenantTx, id: string): Promise<boolean>;
  remove(tx: TenantTx, id: string): Promise<void>;
  count(tx: TenantTx): Promise<number>;
}

export type ImportRecord = { id: string } & Record<string, unknown>;

/** Whether every count is zero, asked one after the other (they share the transaction's one connection) and no further than the first record found. */
export async function noneOf(counts: (() => Promise<number>)[]): Promise<boolean> {
  for (const count of counts) if ((await count()) > 0) return false;
  return true;
}

/** Finds, for each row, the first record one of its keys names; keys are compared as `normalize` leaves them. */
export function matchRows(rows: Record<string, unknown>[], records: ImportRecord[], keys: readonly string[], normalize: (key: string, value: unknown) => string | undefined): Map<number, ImportRecord> {
  const byKey = new Map<string, ImportRecord>();
  for (const record of records) {
    for (const key of keys) {
      const value = normalize(key, record[key]);
      if (value !== undefined && !byKey.has(`${key}:${value}`)) byKey.set(`${key}:${value}`, record);
    }
  }
  const matches = new Map<number, ImportRecord>();
  rows.forEach((row, index) => {
    for (const key of keys) {
      const found = byKey.get(`${key}:${normalize(key, row[key])}`);
      if (found) {
        matches.set(index, found);
        return;
      }
    }
  });
  return matches;
}

/** Distinct non-empty values of `key` across rows, as `normalize` leaves them. */
export const valuesOf = (rows: Record<string, unknown>[], key: string, normalize: (key: string, value: unknown) => string | undefined): string[] => [
  ...new Set(rows.map((row) => normalize(key, row[key])).filter((value): value is string => value !== undefined)),
];

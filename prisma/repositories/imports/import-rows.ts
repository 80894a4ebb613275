import { editedSince, mergeChanges, patchOf, type Changes } from '../../../domain/imports/merge-changes';
import type { RowResult } from '../../../domain/imports/validate-rows';
import type { SqlQuery, TenantTx } from '../../client';
import type { DataImportRow, ImportEntity, Prisma } from '../../generated/client';
import type { ImportTarget } from './import-target';
import { leadImportTarget } from './lead-import-target';
import { propertyImportTarget } from './property-import-target';

export const importTargetOf = (entity: ImportEntity): ImportTarget => (entity === 'LEADS' ? leadImportTarget : propertyImportTarget);

/** Rows are looked up against the agency's records this many at a time. */
const LOOKUP_CHUNK = 5_000;
/** Planned rows written per statement. */
const INSERT_CHUNK = 2_000;

type PlannedRow = Omit<Prisma.DataImportRowCreateManyInput, 'tenantId' | 'importId'>;

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** The dry run's verdict per row: created, merged (with what it would change) or refused (with why). Writes nothing. */
export async function planRows(tx: TenantTx, target: ImportTarget, results: RowResult<object>[]): Promise<PlannedRow[]> {
  const planned: PlannedRow[] = [];
  for (let start = 0; start < results.length; start += LOOKUP_CHUNK) {
    const chunk = results.slice(start, start + LOOKUP_CHUNK);
    const standalone = chunk.map((result) => (result.ok && result.mergesIntoRow === undefined ? (result.values as Record<string, unknown>) : {}));
    const existing = await target.existingFor(tx, standalone);
    chunk.forEach((result, index) => {
      if (!result.ok) return planned.push({ row: result.row, outcome: 'REFUSE', errors: json(result.errors) });
      const values = result.values as Record<string, unknown>;
      if (result.mergesIntoRow !== undefined) return planned.push({ row: result.row, outcome: 'MERGE', values: json(values), intoRow: result.mergesIntoRow });
      const match = existing.get(index);
      const changes = mergeChanges(match ?? {}, values, target.listFields);
      return planned.push({ row: result.row, outcome: match ? 'MERGE' : 'CREATE', values: json(values), targetId: match?.id ?? null, changes: json(changes) });
    });
  }
  return planned;
}

/** A dry run's import, through pg: its plan is then stored with `storePlannedRows` in the same transaction. */
export async function insertDryRun(query: SqlQuery, data: { entity: ImportEntity; fileName: string; headers: string[]; mapping: unknown; planned: unknown; createdById: string | null }): Promise<string> {
  const [created] = await query<{ id: string }>(
    `INSERT INTO "DataImport" (id, "tenantId", entity, "fileName", headers, mapping, planned, "createdById", "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), current_setting('app.tenant_id')::uuid, $1::"ImportEntity", $2, $3::text[], $4::jsonb, $5::jsonb, $6::uuid, astor_utc_now(), astor_utc_now()) RETURNING id`,
    [data.entity, data.fileName, data.headers, JSON.stringify(data.mapping), JSON.stringify(data.planned), data.createdById],
  );
  return created!.id;
}

/**
 * Stores the dry run's plan, one statement per chunk of rows, through pg: Prisma keeps its last
 * hundred or so queries' parameters (a raw query's in its debug history, a createMany's in its plan
 * cache), which held a 50,000-row plan in the API's heap after the request, about 120 MB of it.
 */
export async function storePlannedRows(query: SqlQuery, importId: string, rows: PlannedRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await query(
      `INSERT INTO "DataImportRow" ("tenantId", "importId", row, outcome, "values", errors, "targetId", "intoRow", changes)
       SELECT current_setting('app.tenant_id')::uuid, $1::uuid, r.row, r.outcome::"ImportRowOutcome", r."values", r.errors, r."targetId", r."intoRow", r.changes
       FROM jsonb_to_recordset($2::jsonb) AS r(row int, outcome text, "values" jsonb, errors jsonb, "targetId" uuid, "intoRow" int, changes jsonb)`,
      [importId, JSON.stringify(rows.slice(start, start + INSERT_CHUNK))],
    );
  }
}

/** Applies one row as the agency's data stands now (a lead created since the dry run is merged into, not duplicated). */
async function applyRow(tx: TenantTx, target: ImportTarget, importId: string, row: DataImportRow): Promise<Prisma.DataImportRowUpdateInput> {
  const values = row.values as Record<string, unknown>;
  const intoId = row.intoRow === null ? undefined : (await tx.dataImportRow.findFirstOrThrow({ where: { importId, row: row.intoRow }, select: { targetId: true } })).targetId;
  const existing = intoId ? await target.current(tx, intoId) : (await target.existingFor(tx, [values])).get(0);
  if (!existing) {
    const created = await target.create(tx, values, importId);
    return { outcome: 'CREATE', targetId: created.id, changes: json(mergeChanges({}, values, target.listFields)) };
  }
  const changes = mergeChanges(existing, values, target.listFields);
  if (Object.keys(changes).length) await target.update(tx, existing.id, patchOf(changes, 'to'));
  return { outcome: 'MERGE', targetId: existing.id, changes: json(changes) };
}

/**
 * Applies the next `limit` rows not yet applied, in file order, each with its effect in this transaction: a batch
 * that fails or whose worker dies commits nothing, and a row is never applied twice.
 */
export async function applyNextRows(tx: TenantTx, target: ImportTarget, importId: string, limit: number, onRow: () => void = () => undefined): Promise<number> {
  const rows = await tx.dataImportRow.findMany({ where: { importId, appliedAt: null }, orderBy: { row: 'asc' }, take: limit });
  const now = new Date();
  for (const row of rows) {
    const applied = row.outcome === 'REFUSE' ? {} : await applyRow(tx, target, importId, row);
    await tx.dataImportRow.update({ where: { tenantId_importId_row: { tenantId: row.tenantId, importId, row: row.row } }, data: { ...applied, appliedAt: now } });
    onRow();
  }
  return rows.length;
}

/** Undoes one applied row unless someone worked the record since: then it is kept, and listed. */
async function undoRow(tx: TenantTx, target: ImportTarget, row: DataImportRow): Promise<'undone' | 'kept' | 'gone'> {
  const current = row.targetId ? await target.current(tx, row.targetId) : null;
  if (!current) return 'gone';
  const changes = (row.changes ?? {}) as unknown as Changes;
  if (editedSince(current, changes).length) return 'kept';
  if (row.outcome === 'CREATE') {
    if (!(await target.untouched(tx, current.id))) return 'kept';
    await target.remove(tx, current.id);
  } else if (Object.keys(changes).length) {
    await target.update(tx, current.id, patchOf(changes, 'from'));
  }
  return 'undone';
}

/** Undoes the next `limit` applied rows, last first, so merges into a record the file created are undone before it. */
export async function undoNextRows(tx: TenantTx, target: ImportTarget, importId: string, limit: number, onRow: () => void = () => undefined): Promise<number> {
  const rows = await tx.dataImportRow.findMany({ where: { importId, appliedAt: { not: null }, undo: null, outcome: { not: 'REFUSE' } }, orderBy: { row: 'desc' }, take: limit });
  for (const row of rows) {
    await tx.dataImportRow.update({ where: { tenantId_importId_row: { tenantId: row.tenantId, importId, row: row.row } }, data: { undo: await undoRow(tx, target, row) } });
    onRow();
  }
  return rows.length;
}

/** The import's counts, from its rows: planned, applied and undone. */
export async function importCounts(tx: TenantTx, importId: string) {
  const groups = await tx.dataImportRow.groupBy({ by: ['outcome', 'undo'], where: { importId }, _count: { _all: true } });
  const applied = await tx.dataImportRow.groupBy({ by: ['outcome'], where: { importId, appliedAt: { not: null } }, _count: { _all: true } });
  const sum = (rows: { _count: { _all: number } }[]) => rows.reduce((total, row) => total + row._count._all, 0);
  const of = <T extends { outcome: string }>(rows: T[], outcome: string) => rows.filter((row) => row.outcome === outcome);
  return {
    rows: sum(groups),
    applied: { rows: sum(applied), created: sum(of(applied, 'CREATE')), merged: sum(of(applied, 'MERGE')), refused: sum(of(applied, 'REFUSE')) },
    undo: { undone: sum(groups.filter((row) => row.undo === 'undone')), kept: sum(groups.filter((row) => row.undo === 'kept')), gone: sum(groups.filter((row) => row.undo === 'gone')) },
  };
}

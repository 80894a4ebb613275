import type { SqlQuery, TenantTx } from '../client';
import type { DataImportRow, Prisma } from '../generated/client';

/** How an archive import's DataImportRow names its row: the archive file and line, and the row as it is written. */
export interface ArchiveRowValues {
  entity: string;
  line: number;
  data?: Record<string, unknown>;
  reason?: string;
}

/** The table each archive file of an import writes to, and the tenant's settings row. */
export interface ArchiveTables {
  tableOf(file: string): Prisma.ModelName | undefined;
  tenantFile: string;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const columnCache = new Map<string, string[]>();

/** The columns Astor writes (generated ones left out), read once per table. */
async function writableColumns(tx: TenantTx, table: string): Promise<string[]> {
  const cached = columnCache.get(table);
  if (cached) return cached;
  const rows = await tx.$queryRawUnsafe<{ column_name: string }[]>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    table,
  );
  const columns = rows.map((row) => row.column_name);
  columnCache.set(table, columns);
  return columns;
}

/** Holds the agency's archive imports until the transaction ends: two imports started at once are checked one after the other. */
export async function lockArchiveImports(query: SqlQuery, tenantId: string): Promise<void> {
  await query(`SELECT pg_advisory_xact_lock(hashtext('archive-import:' || $1))`, [tenantId]);
}

/** Whether the agency has none of the records an archive brings (users, templates and settings it may have), and its archive imports not undone. */
export async function agencyIsEmpty(query: SqlQuery): Promise<{ empty: boolean; has: Record<string, number>; archiveImports: number }> {
  const [row] = await query<{ leads: number; properties: number; conversations: number; campaigns: number; archiveImports: number }>(
    `SELECT (SELECT count(*) FROM "Lead")::int AS leads, (SELECT count(*) FROM "Property")::int AS properties,
            (SELECT count(*) FROM "Conversation")::int AS conversations, (SELECT count(*) FROM "Campaign")::int AS campaigns,
            (SELECT count(*) FROM "DataImport" WHERE entity = 'ARCHIVE' AND status <> 'UNDONE')::int AS "archiveImports"`,
  );
  const { archiveImports, ...has } = row!;
  return { empty: Object.values(has).every((n) => n === 0), has, archiveImports };
}

/** The agency's rows of a table as JSON objects (only used on the few tables a new agency may already have rows in). */
export async function agencyRows(query: SqlQuery, table: string): Promise<Record<string, unknown>[]> {
  const rows = await query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${quoted(table)} t`);
  return rows.map((row) => row.row);
}

/** An archive import, applying once committed; its plan's counts are set once its rows are stored. */
export async function insertArchiveImport(query: SqlQuery, data: { id: string; fileName: string; archive: unknown; entityTotals: unknown; createdById: string | null }): Promise<void> {
  await query(
    `INSERT INTO "DataImport" (id, "tenantId", entity, status, "fileName", headers, mapping, planned, "entityTotals", "createdById", "createdAt", "updatedAt")
     VALUES ($1::uuid, current_setting('app.tenant_id')::uuid, 'ARCHIVE', 'APPLYING', $2, '{}', $3::jsonb, '{"entities":[],"notImported":[]}', $4::jsonb, $5::uuid, astor_utc_now(), astor_utc_now())`,
    [data.id, data.fileName, JSON.stringify(data.archive), JSON.stringify(data.entityTotals), data.createdById],
  );
}

export async function setArchivePlan(query: SqlQuery, importId: string, planned: unknown): Promise<void> {
  await query(`UPDATE "DataImport" SET planned = $2::jsonb, "updatedAt" = astor_utc_now() WHERE id = $1::uuid`, [importId, JSON.stringify(planned)]);
}

const valuesOf = (row: DataImportRow) => row.values as unknown as ArchiveRowValues;

/** Inserts one file's rows under their new ids; a row already there (same id) is the same row and stays as it is. */
async function insertRows(tx: TenantTx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const present = new Set(rows.flatMap((row) => Object.keys(row)));
  const columns = (await writableColumns(tx, table)).filter((column) => present.has(column)).map(quoted).join(', ');
  await tx.$executeRawUnsafe(`INSERT INTO ${quoted(table)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${quoted(table)}, $1::jsonb) ON CONFLICT (id) DO NOTHING`, JSON.stringify(rows));
}

/** Groups rows of the same file that follow each other, keeping their order. */
function runsOf(rows: DataImportRow[]): DataImportRow[][] {
  const runs: DataImportRow[][] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && valuesOf(last[0]!).entity === valuesOf(row).entity) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

async function applyTenantSettings(tx: TenantTx, tenantId: string, row: DataImportRow): Promise<Prisma.InputJsonValue> {
  const settings = valuesOf(row).data ?? {};
  const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true, timeZone: true, locale: true } });
  await tx.tenant.update({ where: { id: tenantId }, data: settings as Prisma.TenantUpdateInput });
  return { before } as unknown as Prisma.InputJsonValue;
}

/**
 * Creates the next `limit` rows of the import in plan order, one file's run at a time, and marks them in the
 * same transaction: a batch whose worker dies commits nothing, and no row is created twice. Afterwards a row
 * keeps only its file and line (the data is in the table it went to).
 */
export async function applyNextArchiveRows(tx: TenantTx, tables: ArchiveTables, { tenantId, importId }: { tenantId: string; importId: string }, limit: number, onRun: () => void): Promise<number> {
  const rows = await tx.dataImportRow.findMany({ where: { importId, outcome: 'CREATE', appliedAt: null }, orderBy: { row: 'asc' }, take: limit });
  const now = new Date();
  for (const run of runsOf(rows)) {
    const file = valuesOf(run[0]!).entity;
    const changes = file === tables.tenantFile ? await applyTenantSettings(tx, tenantId, run[0]!) : undefined;
    const table = tables.tableOf(file);
    if (table) await insertRows(tx, table, run.map((row) => valuesOf(row).data!));
    await tx.$executeRawUnsafe(
      `UPDATE "DataImportRow" SET "appliedAt" = $3, changes = $4::jsonb, "values" = jsonb_build_object('entity', "values"->'entity', 'line', "values"->'line') WHERE "importId" = $1::uuid AND "row" = ANY($2::int[])`,
      importId,
      run.map((row) => row.row),
      now,
      changes === undefined ? null : JSON.stringify(changes),
    );
    onRun();
  }
  return rows.length;
}

/** Deletes the next `limit` rows the import created, newest first (rows before the rows they reference), marking each undone. */
export async function undoNextArchiveRows(tx: TenantTx, tables: ArchiveTables, { tenantId, importId }: { tenantId: string; importId: string }, limit: number, onRun: () => void): Promise<number> {
  const rows = await tx.dataImportRow.findMany({ where: { importId, outcome: 'CREATE', appliedAt: { not: null }, undo: null }, orderBy: { row: 'desc' }, take: limit });
  for (const run of runsOf(rows)) {
    const file = valuesOf(run[0]!).entity;
    const table = tables.tableOf(file);
    if (table) await tx.$executeRawUnsafe(`DELETE FROM ${quoted(table)} WHERE id = ANY($1::uuid[])`, run.map((row) => row.targetId));
    const before = (run[0]!.changes as { before?: Prisma.TenantUpdateInput } | null)?.before;
    if (file === tables.tenantFile && before) await tx.tenant.update({ where: { id: tenantId }, data: before });
    await tx.dataImportRow.updateMany({ where: { importId, row: { in: run.map((row) => row.row) } }, data: { undo: 'undone' } });
    onRun();
  }
  return rows.length;
}

/** Per archive file: rows the import created so far, and rows its undo removed. */
export async function archiveRowProgress(tx: TenantTx, importId: string): Promise<Map<string, { created: number; undone: number }>> {
  const rows = await tx.$queryRawUnsafe<{ entity: string; created: number; undone: number }[]>(
    `SELECT "values"->>'entity' AS entity, count(*) FILTER (WHERE "appliedAt" IS NOT NULL)::int AS created, count(*) FILTER (WHERE undo = 'undone')::int AS undone
       FROM "DataImportRow" WHERE "importId" = $1::uuid AND outcome = 'CREATE' GROUP BY 1`,
    importId,
  );
  return new Map(rows.map((row) => [row.entity, { created: row.created, undone: row.undone }]));
}

/** The import's refused rows in plan order (file, line and why), at most `limit`. */
export async function refusedArchiveRows(tx: TenantTx, importId: string, limit: number): Promise<{ file: string; line: number; reason: string }[]> {
  const rows = await tx.dataImportRow.findMany({ where: { importId, outcome: 'REFUSE' }, orderBy: { row: 'asc' }, take: limit, select: { values: true, errors: true } });
  return rows.map((row) => ({ file: (row.values as unknown as ArchiveRowValues).entity, line: (row.values as unknown as ArchiveRowValues).line, reason: (row.errors as { reason: string }).reason }));
}

/**
 * Rows the import did not create that hang from a row it created (a message added since to an imported
 * conversation): undo would delete them with it, or fail on them, so it is refused while there are any.
 */
export async function archiveDependents(tx: TenantTx, importId: string, references: { table: string; column: string; file: string }[]): Promise<{ table: string; rows: number }[]> {
  const found: { table: string; rows: number }[] = [];
  for (const { table, column, file } of references) {
    const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${quoted(table)} c
        WHERE c.${quoted(column)} IN (SELECT "targetId" FROM "DataImportRow" WHERE "importId" = $1::uuid AND outcome = 'CREATE' AND "appliedAt" IS NOT NULL AND undo IS NULL AND "values"->>'entity' = $2)
          AND c.id NOT IN (SELECT "targetId" FROM "DataImportRow" WHERE "importId" = $1::uuid AND outcome = 'CREATE' AND "targetId" IS NOT NULL)`,
      importId,
      file,
    );
    if (row && row.n > 0) found.push({ table, rows: row.n });
  }
  return found;
}

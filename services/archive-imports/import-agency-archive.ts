import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { recordAuditSql } from '../../prisma/audit-log';
import type { Database, SqlQuery } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { countAgencyRows } from '../../prisma/repositories/agency-export';
import { agencyIsEmpty, insertArchiveImport, lockArchiveImports, setArchivePlan } from '../../prisma/repositories/archive-imports';
import { storePlannedRows } from '../../prisma/repositories/imports/import-rows';
import { tenantContext, type Actor } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import { archiveImportWorkflow } from '../../workflows/archive-import.workflow';
import { tenantNotFound } from '../tenants/tenant-record';
import { agencyHoldings } from './agency-holdings';
import { archiveImportView, archivePlanView, archiveSummary, findArchiveImport, REFUSED_SHOWN } from './archive-import-view';
import { planArchiveImport, type ArchivePlan, type PlannedRow, type PlannedRowSink } from './plan-archive';
import { openAgencyArchive } from './read-archive';

/** Plan rows written per statement. */
const INSERT_CHUNK = 2_000;
/** Planning and storing stop here, before the activity running them times out (4 minutes); the transaction then writes nothing. */
const PLAN_DEADLINE_MS = 210_000;

const json = (value: unknown) => value as Prisma.InputJsonValue;

const tooLarge = () =>
  new AppError('unprocessable', 'The archive has more rows than one import plans in 3.5 minutes; nothing was written', {
    es: 'El archivo tiene más filas de las que una importación planifica en 3,5 minutos; no se escribió nada',
    fields: [{ path: 'uploadId', message: 'The archive is too large to import at once', code: 'archive_too_large' }],
  });

/** A new agency: none of the records an archive brings, and no archive import in it but undone ones. */
async function assertNewAgency(query: SqlQuery): Promise<void> {
  const { empty, has, archiveImports } = await agencyIsEmpty(query);
  if (!empty) {
    const held = Object.entries(has).filter(([, n]) => n > 0).map(([entity, n]) => `${n} ${entity}`).join(', ');
    throw new AppError('conflict', `An archive is imported only into a new agency; this one has ${held}`, { es: `Un archivo solo se importa en una agencia nueva; esta ya tiene ${held}` });
  }
  if (archiveImports) {
    throw new AppError('conflict', 'The agency already has an archive import; undo it to import another', { es: 'La agencia ya tiene una importación de archivo; deshacela para importar otra' });
  }
}

const rowRecord = (row: PlannedRow, index: number) => ({
  row: index,
  outcome: row.outcome,
  targetId: row.targetId ?? null,
  values: json({ entity: row.file, line: row.line, ...(row.data ? { data: row.data } : {}), ...(row.outcome === 'MERGE' ? { reason: row.reason } : {}) }),
  ...(row.outcome === 'REFUSE' ? { errors: json({ reason: row.reason }) } : {}),
});

type Planning = (sink: PlannedRowSink) => Promise<ArchivePlan>;

/** Plans against the clock: past the deadline the plan stops, refused as too large. */
const withDeadline =
  (plan: Planning): Planning =>
  (sink) => {
    const deadline = Date.now() + PLAN_DEADLINE_MS;
    return plan(async (row) => {
      if (Date.now() > deadline) throw tooLarge();
      await sink(row);
    });
  };

/** Stores the plan's rows as the import's rows as they are planned, a chunk per statement, through pg as a spreadsheet's dry run does. */
async function storePlan(query: SqlQuery, importId: string, plan: Planning): Promise<ArchivePlan> {
  let chunk: ReturnType<typeof rowRecord>[] = [];
  let stored = 0;
  const flush = async () => {
    await storePlannedRows(query, importId, chunk);
    chunk = [];
  };
  const planned = await plan(async (row) => {
    stored += 1;
    chunk.push(rowRecord(row, stored));
    if (chunk.length === INSERT_CHUNK) await flush();
  });
  if (chunk.length) await flush();
  return planned;
}

/** Plans without writing: the counts, and the first refused rows an answer shows. */
async function dryRunPlan(plan: Planning): Promise<{ plan: ArchivePlan; refused: PlannedRow[] }> {
  const refused: PlannedRow[] = [];
  const planned = await plan(async (row) => {
    if (row.outcome === 'REFUSE' && refused.length < REFUSED_SHOWN) refused.push(row);
  });
  return { plan: planned, refused };
}

/**
 * Imports an agency export (docs/export-format.md) into a new agency. The dry run answers what would be created
 * and refused, writing nothing. Otherwise the plan (every row with its new id, references followed) is stored
 * as the import's rows, committed with the start of the workflow that creates them in batches. All of it runs
 * through pg, not Prisma, which would keep the plan's rows in memory (see storePlannedRows).
 */
export async function importAgencyArchive(
  { db, starts }: { db: Database; starts: CommittedStarts },
  target: { tenantId: string; actor: Actor },
  input: { fileName: string; content: Buffer; dryRun: boolean },
) {
  const { tenantId, actor } = target;
  if (!(await db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) throw tenantNotFound();
  await db.sqlInTenant(tenantId, assertNewAgency);
  const archive = await openAgencyArchive(input.content);
  const before = await countAgencyRows(db, tenantId);
  const importId = randomUUID();
  const planned = await tenantContext.run({ tenantId, actor }, () =>
    db.sqlInTenant(tenantId, async (query) => {
      await lockArchiveImports(query, tenantId);
      await assertNewAgency(query);
      const holdings = await agencyHoldings(query);
      const plan = withDeadline((sink) => planArchiveImport(archive, { importId, tenantId, holdings }, sink));
      if (input.dryRun) return { dryRun: await dryRunPlan(plan), started: undefined };
      await insertArchiveImport(query, { id: importId, fileName: input.fileName, archive: archiveSummary(archive.manifest), entityTotals: { before }, createdById: actor.type === 'user' ? (actor.id ?? null) : null });
      const { entities, notImported } = await storePlan(query, importId, plan);
      await setArchivePlan(query, importId, { entities, notImported });
      await recordAuditSql(query, { action: 'import.archive', entity: 'DataImport', entityId: importId, after: { fileName: input.fileName, archive: archiveSummary(archive.manifest), entities } });
      const start = workflowStart(archiveImportWorkflow, { workflowId: workflowIds.dataImport(tenantId, importId, 'apply'), args: [{ tenantId, importId, phase: 'apply' }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [importId] } });
      return { dryRun: undefined, started: await starts.recordSql(query, tenantId, start) };
    }),
  );
  if (planned.dryRun) return archivePlanView(planned.dryRun.plan, planned.dryRun.refused, archive.manifest, input.fileName, before);
  await starts.dispatch(planned.started);
  return db.inTenant(tenantId, async (tx) => archiveImportView(tx, await findArchiveImport(tx, importId)), actor);
}

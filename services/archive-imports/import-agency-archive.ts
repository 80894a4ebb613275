import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { recordAudit } from '../../prisma/audit-log';
import type { Database, TenantTx } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { countAgencyRows } from '../../prisma/repositories/agency-export';
import { agencyIsEmpty, lockArchiveImports } from '../../prisma/repositories/archive-imports';
import type { Actor } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import { archiveImportWorkflow } from '../../workflows/archive-import.workflow';
import { tenantNotFound } from '../tenants/tenant-record';
import { agencyHoldings } from './agency-holdings';
import { archiveImportView, archivePlanView, archiveSummary, REFUSED_SHOWN } from './archive-import-view';
import { planArchiveImport, type ArchivePlan, type PlannedRow, type PlannedRowSink } from './plan-archive';
import { openAgencyArchive } from './read-archive';

/** Plan rows written per statement. */
const INSERT_CHUNK = 2_000;
/** Planning and storing an archive runs in one transaction, ended before the activity running it times out (4 minutes). */
const PLAN_TRANSACTION_MS = 210_000;

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Prisma's code for a transaction that ran past its timeout. */
const TRANSACTION_EXPIRED = 'P2028';

const tooLarge = (error: unknown) =>
  (error as { code?: unknown }).code === TRANSACTION_EXPIRED
    ? new AppError('unprocessable', 'The archive has more rows than one import plans in 3.5 minutes; nothing was written', {
        es: 'El archivo tiene más filas de las que una importación planifica en 3,5 minutos; no se escribió nada',
        fields: [{ path: 'uploadId', message: 'The archive is too large to import at once', code: 'archive_too_large' }],
      })
    : error;

/** A new agency: none of the records an archive brings, and no archive import in it but undone ones. */
async function assertNewAgency(tx: TenantTx): Promise<void> {
  const { empty, has } = await agencyIsEmpty(tx);
  if (!empty) {
    const held = Object.entries(has).filter(([, n]) => n > 0).map(([entity, n]) => `${n} ${entity}`).join(', ');
    throw new AppError('conflict', `An archive is imported only into a new agency; this one has ${held}`, { es: `Un archivo solo se importa en una agencia nueva; esta ya tiene ${held}` });
  }
  if (await tx.dataImport.count({ where: { entity: 'ARCHIVE', status: { not: 'UNDONE' } } })) {
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

/** Stores the plan's rows as the import's rows as they are planned, a chunk per statement. */
async function storePlan(tx: TenantTx, tenantId: string, importId: string, plan: (sink: PlannedRowSink) => Promise<ArchivePlan>): Promise<ArchivePlan> {
  let chunk: ReturnType<typeof rowRecord>[] = [];
  let stored = 0;
  const flush = async () => {
    await tx.dataImportRow.createMany({ data: chunk.map((record) => ({ ...record, tenantId, importId })) });
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
async function dryRunPlan(plan: (sink: PlannedRowSink) => Promise<ArchivePlan>): Promise<{ plan: ArchivePlan; refused: PlannedRow[] }> {
  const refused: PlannedRow[] = [];
  const planned = await plan(async (row) => {
    if (row.outcome === 'REFUSE' && refused.length < REFUSED_SHOWN) refused.push(row);
  });
  return { plan: planned, refused };
}

/**
 * Imports an agency export (docs/export-format.md) into a new agency. The dry run answers what would be created
 * and refused, writing nothing. Otherwise the plan (every row with its new id, references followed) is stored
 * as the import's rows, committed with the start of the workflow that creates them in batches.
 */
export async function importAgencyArchive(
  { db, starts }: { db: Database; starts: CommittedStarts },
  target: { tenantId: string; actor: Actor },
  input: { fileName: string; content: Buffer; dryRun: boolean },
) {
  const { tenantId, actor } = target;
  if (!(await db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) throw tenantNotFound();
  await db.inTenant(tenantId, assertNewAgency, actor);
  const archive = await openAgencyArchive(input.content);
  const before = await countAgencyRows(db, tenantId);
  const importId = randomUUID();
  const { view, started } = await db.inTenant(
    tenantId,
    async (tx) => {
      await lockArchiveImports(tx, tenantId);
      await assertNewAgency(tx);
      const holdings = await agencyHoldings(tx);
      const plan = (sink: PlannedRowSink) => planArchiveImport(archive, { importId, tenantId, holdings }, sink);
      if (input.dryRun) {
        const dryRun = await dryRunPlan(plan);
        return { view: archivePlanView(dryRun.plan, dryRun.refused, archive.manifest, input.fileName, before), started: undefined };
      }
      await tx.dataImport.create({
        data: {
          id: importId,
          tenantId,
          entity: 'ARCHIVE',
          status: 'APPLYING',
          fileName: input.fileName,
          mapping: json(archiveSummary(archive.manifest)),
          headers: [],
          planned: json({ entities: [], notImported: [] }),
          entityTotals: json({ before }),
          createdById: actor.type === 'user' ? (actor.id ?? null) : null,
        },
      });
      const { entities, notImported } = await storePlan(tx, tenantId, importId, plan);
      const created = await tx.dataImport.update({ where: { id: importId }, data: { planned: json({ entities, notImported }) } });
      await recordAudit(tx, { action: 'import.archive', entity: 'DataImport', entityId: importId, after: { fileName: input.fileName, archive: archiveSummary(archive.manifest), entities } });
      const start = workflowStart(archiveImportWorkflow, { workflowId: workflowIds.dataImport(tenantId, importId, 'apply'), args: [{ tenantId, importId, phase: 'apply' }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [importId] } });
      return { view: await archiveImportView(tx, created), started: await starts.record(tx, tenantId, start) };
    },
    actor,
    { timeoutMs: PLAN_TRANSACTION_MS },
  ).catch((error: unknown) => {
    throw tooLarge(error);
  });
  await starts.dispatch(started);
  return view;
}

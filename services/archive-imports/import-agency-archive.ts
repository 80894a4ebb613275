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
import { archiveImportView, archivePlanView, archiveSummary } from './archive-import-view';
import { planArchiveImport, type ArchivePlan, type PlannedRow } from './plan-archive';
import { readAgencyArchive } from './read-archive';

/** Plan rows written per statement. */
const INSERT_CHUNK = 2_000;

const json = (value: unknown) => value as Prisma.InputJsonValue;

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
  row: index + 1,
  outcome: row.outcome,
  targetId: row.targetId ?? null,
  values: json({ entity: row.file, line: row.line, ...(row.data ? { data: row.data } : {}), ...(row.outcome === 'MERGE' ? { reason: row.reason } : {}) }),
  ...(row.outcome === 'REFUSE' ? { errors: json({ reason: row.reason }) } : {}),
});

async function storePlan(tx: TenantTx, tenantId: string, importId: string, plan: ArchivePlan): Promise<void> {
  const records = plan.rows.map(rowRecord);
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    await tx.dataImportRow.createMany({ data: records.slice(start, start + INSERT_CHUNK).map((record) => ({ ...record, tenantId, importId })) });
  }
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
  const archive = await readAgencyArchive(input.content);
  const before = await countAgencyRows(db, tenantId);
  const importId = randomUUID();
  const { view, started } = await db.inTenant(
    tenantId,
    async (tx) => {
      await lockArchiveImports(tx, tenantId);
      await assertNewAgency(tx);
      const plan = planArchiveImport(archive, { importId, tenantId, holdings: await agencyHoldings(tx) });
      if (input.dryRun) return { view: archivePlanView(plan, archive.manifest, input.fileName, before), started: undefined };
      const created = await tx.dataImport.create({
        data: {
          id: importId,
          tenantId,
          entity: 'ARCHIVE',
          status: 'APPLYING',
          fileName: input.fileName,
          mapping: json(archiveSummary(archive.manifest)),
          headers: [],
          planned: json({ entities: plan.entities, notImported: plan.notImported }),
          entityTotals: json({ before }),
          createdById: actor.type === 'user' ? (actor.id ?? null) : null,
        },
      });
      await storePlan(tx, tenantId, importId, plan);
      await recordAudit(tx, { action: 'import.archive', entity: 'DataImport', entityId: importId, after: { fileName: input.fileName, archive: archiveSummary(archive.manifest), entities: plan.entities } });
      const start = workflowStart(archiveImportWorkflow, { workflowId: workflowIds.dataImport(tenantId, importId, 'apply'), args: [{ tenantId, importId, phase: 'apply' }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [importId] } });
      return { view: await archiveImportView(tx, created), started: await starts.record(tx, tenantId, start) };
    },
    actor,
  );
  await starts.dispatch(started);
  return view;
}

import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { ImportStatus } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import type { ImportPhase } from '../../workflows/data-import.contract';
import { dataImportWorkflow } from '../../workflows/data-import.workflow';
import { findImport, importView, undoUntil } from './import-records';

const STATUS_ES: Record<ImportStatus, string> = { DRY_RUN: 'en prueba', APPLYING: 'aplicándose', APPLIED: 'aplicada', UNDOING: 'deshaciéndose', UNDONE: 'deshecha', FAILED: 'fallida' };

function assertCanStart(phase: ImportPhase, found: Parameters<typeof undoUntil>[0]): void {
  if (phase === 'apply' && found.status !== 'DRY_RUN') {
    throw new AppError('conflict', `The import is already ${found.status.toLowerCase()}`, { es: `La importación ya está ${STATUS_ES[found.status]}` });
  }
  if (phase === 'undo' && !undoUntil(found)) {
    throw new AppError('conflict', 'Only an applied import can be undone, within 7 days', { es: 'Solo se puede deshacer una importación aplicada, dentro de los 7 días' });
  }
}

/**
 * Applies a dry run, or undoes an applied import, as a durable workflow: the status and audit record commit
 * first, then the workflow starts under its deterministic id (the relay starts it if this process dies before).
 */
export async function startImportPhase({ db, starts }: { db: Database; starts: CommittedStarts }, importId: string, phase: ImportPhase) {
  const { tenantId } = tenantContext.require(`${phase} import`);
  const { view, started } = await db.forCurrentTenant(async (tx) => {
    const found = await findImport(tx, importId);
    assertCanStart(phase, found);
    const after = await tx.dataImport.update({ where: { id: importId }, data: { status: phase === 'apply' ? 'APPLYING' : 'UNDOING' } });
    await recordAudit(tx, { action: `import.${phase}`, entity: 'DataImport', entityId: importId, before: { status: found.status }, after: { status: after.status } });
    const start = workflowStart(dataImportWorkflow, { workflowId: workflowIds.dataImport(tenantId, importId, phase), args: [{ tenantId, importId, phase }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [importId] } });
    return { view: await importView(tx, after), started: await starts.record(tx, tenantId, start) };
  });
  await starts.dispatch(started);
  return view;
}

import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { archiveDependents } from '../../prisma/repositories/archive-imports';
import type { Actor } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStarts } from '../../temporal/committed-starts';
import { archiveImportWorkflow } from '../../workflows/archive-import.workflow';
import { undoUntil } from '../imports/import-records';
import { archiveImportView, findArchiveImport } from './archive-import-view';
import { ARCHIVE_FOREIGN_KEYS } from './archive-tables';

/**
 * Undoes an archive import within 7 days of applying it: deletes every row it created (by the ids it gave them)
 * and puts the agency's settings back. Refused while rows added since hang from an imported row, which the
 * deletion would take with it.
 */
export async function undoArchiveImport({ db, starts }: { db: Database; starts: CommittedStarts }, target: { tenantId: string; actor: Actor }, importId: string) {
  const { tenantId, actor } = target;
  const { view, started } = await db.inTenant(
    tenantId,
    async (tx) => {
      const found = await findArchiveImport(tx, importId);
      if (!undoUntil(found)) throw new AppError('conflict', 'Only an applied archive import can be undone, within 7 days', { es: 'Solo se puede deshacer una importación aplicada, dentro de los 7 días' });
      const dependents = await archiveDependents(tx, importId, ARCHIVE_FOREIGN_KEYS);
      if (dependents.length > 0) {
        const named = dependents.map((dependent) => `${dependent.rows} ${dependent.table}`).join(', ');
        throw new AppError('conflict', `Rows added since the import depend on imported rows (${named}): undo would delete them too`, { es: `Hay registros agregados después de la importación que dependen de los importados (${named}): deshacerla los borraría`, data: { dependents } });
      }
      const after = await tx.dataImport.update({ where: { id: importId }, data: { status: 'UNDOING', error: null } });
      await recordAudit(tx, { action: 'import.undo', entity: 'DataImport', entityId: importId, before: { status: found.status }, after: { status: after.status } });
      const start = workflowStart(archiveImportWorkflow, { workflowId: workflowIds.dataImport(tenantId, importId, 'undo'), args: [{ tenantId, importId, phase: 'undo' }], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [importId] } });
      return { view: await archiveImportView(tx, after), started: await starts.record(tx, tenantId, start) };
    },
    actor,
  );
  await starts.dispatch(started);
  return view;
}

import { Context } from '@temporalio/activity';
import type { Database, TenantTx } from '../prisma/client';
import { applyNextRows, importTargetOf, undoNextRows } from '../prisma/repositories/imports/import-rows';
import type { DataImportInput } from '../workflows/data-import.contract';

const entityOf = async (tx: TenantTx, importId: string) => (await tx.dataImport.findUniqueOrThrow({ where: { id: importId }, select: { entity: true } })).entity;

/** Rows per transaction: big enough that a 50,000-row file is a few hundred batches, small enough to stay well inside the transaction timeout. */
const BATCH_ROWS = 250;

export function createDataImportActivities({ db }: { db: Database }) {
  return {
    /** Marks the import as applying (counting the agency's records first) or undoing. */
    async beginImportPhase({ tenantId, importId, phase }: DataImportInput): Promise<void> {
      await db.inTenant(tenantId, async (tx) => {
        const { entity, totalsBefore } = await tx.dataImport.findUniqueOrThrow({ where: { id: importId }, select: { entity: true, totalsBefore: true } });
        const before = phase === 'apply' && totalsBefore === null ? { totalsBefore: await importTargetOf(entity).count(tx) } : {};
        await tx.dataImport.update({ where: { id: importId }, data: { status: phase === 'apply' ? 'APPLYING' : 'UNDOING', error: null, ...before } });
      });
    },

    /** One batch: how many rows it applied or undid (0: nothing left). */
    async importNextRows({ tenantId, importId, phase }: DataImportInput): Promise<number> {
      const heartbeat = () => Context.current().heartbeat();
      return db.inTenant(tenantId, async (tx) => {
        const target = importTargetOf(await entityOf(tx, importId));
        return phase === 'apply' ? applyNextRows(tx, target, importId, BATCH_ROWS, heartbeat) : undoNextRows(tx, target, importId, BATCH_ROWS, heartbeat);
      });
    },

    /** Applied or undone, with the agency's totals after; or failed, with why. */
    async finishImportPhase({ tenantId, importId, phase, failure }: DataImportInput & { failure?: string }): Promise<void> {
      await db.inTenant(tenantId, async (tx) => {
        const totalsAfter = await importTargetOf(await entityOf(tx, importId)).count(tx);
        const now = new Date();
        const data = failure
          ? // A failed apply may have applied part of the file: it can be undone like a finished one.
            { status: 'FAILED' as const, error: failure.slice(0, 2_000), totalsAfter, ...(phase === 'apply' ? { appliedAt: now } : {}) }
          : phase === 'apply'
            ? { status: 'APPLIED' as const, appliedAt: now, totalsAfter }
            : { status: 'UNDONE' as const, undoneAt: now, totalsAfter };
        await tx.dataImport.update({ where: { id: importId }, data });
      });
    },
  };
}

export type DataImportActivities = ReturnType<typeof createDataImportActivities>;

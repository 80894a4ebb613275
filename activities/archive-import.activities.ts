import { Context } from '@temporalio/activity';
import type { Database } from '../prisma/client';
import type { Prisma } from '../prisma/generated/client';
import { countAgencyRows } from '../prisma/repositories/agency-export';
import { applyNextArchiveRows, undoNextArchiveRows } from '../prisma/repositories/archive-imports';
import { ARCHIVE_TABLES } from '../services/archive-imports/archive-tables';
import type { DataImportInput } from '../workflows/data-import.contract';

/** Rows per transaction: a few hundred batches for a large agency, each well inside the transaction timeout. */
const BATCH_ROWS = 500;

export function createArchiveImportActivities({ db }: { db: Database }) {
  return {
    /** One batch of an archive import's rows created (apply) or deleted (undo): how many (0: nothing left). */
    async nextArchiveRows({ tenantId, importId, phase }: DataImportInput): Promise<number> {
      const heartbeat = () => Context.current().heartbeat();
      const next = phase === 'apply' ? applyNextArchiveRows : undoNextArchiveRows;
      return db.inTenant(tenantId, (tx) => next(tx, ARCHIVE_TABLES, { tenantId, importId }, BATCH_ROWS, heartbeat));
    },

    /** Applied or undone, with the agency's totals per entity after; or failed, with why (a failed apply can be undone). */
    async finishArchiveImport({ tenantId, importId, phase, failure }: DataImportInput & { failure?: string }): Promise<void> {
      const after = await countAgencyRows(db, tenantId);
      await db.inTenant(tenantId, async (tx) => {
        const { entityTotals } = await tx.dataImport.findUniqueOrThrow({ where: { id: importId }, select: { entityTotals: true } });
        const totals = { ...(entityTotals as Prisma.JsonObject | null), after } as Prisma.InputJsonObject;
        const now = new Date();
        const data = failure
          ? { status: 'FAILED' as const, error: failure.slice(0, 2_000), entityTotals: totals, ...(phase === 'apply' ? { appliedAt: now } : {}) }
          : phase === 'apply'
            ? { status: 'APPLIED' as const, appliedAt: now, entityTotals: totals }
            : { status: 'UNDONE' as const, undoneAt: now, entityTotals: totals };
        await tx.dataImport.update({ where: { id: importId }, data });
      });
    },
  };
}

export type ArchiveImportActivities = ReturnType<typeof createArchiveImportActivities>;

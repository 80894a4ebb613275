import { AppError } from '../../domain/app-error';
import type { TenantTx } from '../../prisma/client';
import type { DataImport } from '../../prisma/generated/client';
import { archiveRowProgress, refusedArchiveRows } from '../../prisma/repositories/archive-imports';
import { undoUntil } from '../imports/import-records';
import type { ArchivePlan, EntityPlan, PlannedRow } from './plan-archive';
import type { ArchiveManifest } from './read-archive';

/** Refused rows an answer lists (all of them are kept; the counts cover every one). */
export const REFUSED_SHOWN = 200;

export interface ArchiveSummary {
  format: string;
  version: number;
  exportedAt: string;
  agency: { name: string; slug: string };
}

export const archiveSummary = (manifest: ArchiveManifest): ArchiveSummary => ({ format: manifest.format, version: manifest.version, exportedAt: manifest.exportedAt, agency: { name: manifest.tenant.name, slug: manifest.tenant.slug } });

/** What a dry run answers, in the shape of an import (no id, nothing created): per entity, rows in the archive and what would become of them. */
export function archivePlanView(plan: ArchivePlan, refused: readonly PlannedRow[], manifest: ArchiveManifest, fileName: string, totalsBefore: Record<string, number>) {
  return {
    id: null,
    status: 'DRY_RUN' as const,
    fileName,
    archive: archiveSummary(manifest),
    entities: plan.entities.map((entity) => ({ ...entity, created: 0, undone: 0 })),
    notImported: plan.notImported,
    refused: refused.map((row) => ({ file: row.file, line: row.line, reason: row.reason! })),
    totals: { before: totalsBefore, after: null },
    error: null,
    createdAt: null,
    appliedAt: null,
    undoneAt: null,
    undoUntil: null,
  };
}

export const archiveImportNotFound = () => new AppError('not_found', 'No such archive import', { es: 'No existe esa importación de archivo' });

export async function findArchiveImport(tx: TenantTx, importId: string): Promise<DataImport> {
  const found = await tx.dataImport.findFirst({ where: { id: importId, entity: 'ARCHIVE' } });
  if (!found) throw archiveImportNotFound();
  return found;
}

/** An archive import as the API shows it: the plan, what applying created and undo removed per entity, the agency's totals before and after. */
export async function archiveImportView(tx: TenantTx, found: DataImport) {
  const planned = found.planned as unknown as Pick<ArchivePlan, 'entities' | 'notImported'>;
  const progress = await archiveRowProgress(tx, found.id);
  const totals = (found.entityTotals ?? {}) as { before?: Record<string, number>; after?: Record<string, number> };
  const entities = planned.entities.map((entity: EntityPlan) => ({ ...entity, created: progress.get(entity.file)?.created ?? 0, undone: progress.get(entity.file)?.undone ?? 0 }));
  return {
    id: found.id,
    status: found.status,
    fileName: found.fileName,
    archive: found.mapping as unknown as ArchiveSummary,
    entities,
    notImported: planned.notImported,
    refused: await refusedArchiveRows(tx, found.id, REFUSED_SHOWN),
    totals: { before: totals.before ?? {}, after: totals.after ?? null },
    error: found.error,
    createdAt: found.createdAt,
    appliedAt: found.appliedAt,
    undoneAt: found.undoneAt,
    undoUntil: undoUntil(found),
  };
}

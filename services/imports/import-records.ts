import { AppError } from '../../domain/app-error';
import type { ImportEntity as DomainEntity } from '../../domain/imports/import-fields';
import type { TenantTx } from '../../prisma/client';
import type { DataImport, ImportEntity } from '../../prisma/generated/client';
import { importCounts } from '../../prisma/repositories/imports/import-rows';

/** How long after applying an import its undo is offered. */
export const UNDO_WINDOW_MS = 7 * 24 * 60 * 60_000;

export const entityRow = (entity: DomainEntity): ImportEntity => (entity === 'leads' ? 'LEADS' : 'PROPERTIES');
export const entityName = (entity: ImportEntity): DomainEntity => (entity === 'LEADS' ? 'leads' : 'properties');

export const importNotFound = () => new AppError('not_found', 'No such import', { es: 'No existe esa importación' });

export async function findImport(tx: TenantTx, importId: string): Promise<DataImport> {
  // Archive imports (services/archive-imports) share the table but not these routes.
  const found = await tx.dataImport.findFirst({ where: { id: importId, entity: { not: 'ARCHIVE' } } });
  if (!found) throw importNotFound();
  return found;
}

export function undoUntil(found: Pick<DataImport, 'appliedAt' | 'status'>): Date | null {
  if (!found.appliedAt || !['APPLIED', 'FAILED'].includes(found.status)) return null;
  const until = new Date(found.appliedAt.getTime() + UNDO_WINDOW_MS);
  return until.getTime() > Date.now() ? until : null;
}

/** An import as the API shows it: what the dry run planned, what applying and undoing did, the agency's totals. */
export async function importView(tx: TenantTx, found: DataImport) {
  const counts = await importCounts(tx, found.id);
  const { tenantId: _tenantId, createdById: _createdById, updatedAt: _updatedAt, entityTotals: _entityTotals, mapping, entity, ...rest } = found;
  return { ...rest, entity: entityName(entity), columns: (mapping as { columns: Record<string, string | null> }).columns, planned: found.planned as { rows: number; create: number; merge: number; refuse: number }, applied: counts.applied, undo: counts.undo, undoUntil: undoUntil(found) };
}

import type { Database } from '../../prisma/client';
import type { Actor } from '../../prisma/tenant-context';
import { recordAudit } from '../../prisma/audit-log';
import { countAgencyRows } from '../../prisma/repositories/agency-export';
import { tenantNotFound } from '../tenants/tenant-record';

export interface AgencyExport {
  tenant: { id: string; name: string; slug: string };
  /** Rows per file when the export started: what the progress bar counts towards (the manifest has what was written). */
  counted: Record<string, number>;
  totalRows: number;
  startedAt: Date;
  fileName: string;
}

/**
 * Starts an export of everything the agency owns: counts its rows and records who exported it, before
 * any byte leaves, so an export cut short is audited too.
 */
export async function prepareAgencyExport({ db }: { db: Database }, tenantId: string, actor: Actor): Promise<AgencyExport> {
  const tenant = await db.prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true, name: true, slug: true } });
  if (!tenant) throw tenantNotFound();
  const counted = await countAgencyRows(db, tenantId);
  const agencyRecord = 1;
  const totalRows = Object.values(counted).reduce((sum, n) => sum + n, agencyRecord);
  await db.inTenant(tenantId, (tx) => recordAudit(tx, { action: 'export', entity: 'Tenant', entityId: tenantId, after: { rows: counted } }), actor);
  const startedAt = new Date();
  return { tenant, counted, totalRows, startedAt, fileName: `astor-${tenant.slug}-${startedAt.toISOString().slice(0, 10)}.zip` };
}

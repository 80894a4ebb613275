import { readTenantSettings, type TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';

export async function settingsOf(db: Database, tenantId: string): Promise<TenantSettings> {
  const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  return readTenantSettings(tenant.settings);
}

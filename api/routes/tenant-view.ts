import { readTenantSettings } from '../../domain/tenant-settings';
import type { Tenant } from '../../prisma/generated/client';

export function tenantView(tenant: Tenant) {
  return { ...tenant, settings: readTenantSettings(tenant.settings) };
}

import { readTenantSettings } from '../../domain/tenant-settings';
import type { Prisma, Tenant } from '../../prisma/generated/client';

/**
 * The agency with the settings in effect (the default country shown is the one phones are read by),
 * as the API shows it and the audit log keeps it: never its contact-key salt (temporal/contact-keys.ts).
 */
export function tenantView({ contactKeySalt: _salt, ...tenant }: Tenant) {
  return { ...tenant, settings: readTenantSettings(tenant.settings, tenant.locale) };
}

/**
 * The settings as the agency set them, to merge a change over: saving readTenantSettings' result
 * instead would store every default, and the locale's country, as if the agency had chosen them.
 */
export function storedSettings(settings: Prisma.JsonValue | undefined): Prisma.JsonObject {
  return isJsonObject(settings) ? settings : {};
}

function isJsonObject(value: Prisma.JsonValue | undefined): value is Prisma.JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

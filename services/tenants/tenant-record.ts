import { AppError } from '../../domain/app-error';
import { readTenantSettings } from '../../domain/tenant-settings';
import type { Prisma, Tenant } from '../../prisma/generated/client';
import type { TenantSettingsChange } from './tenant-types';

/**
 * The agency with the settings in effect (the default country shown is the one phones are read by),
 * as the API shows it and the audit log keeps it: never its contact-key salt (temporal/contact-keys.ts).
 */
export function tenantRecord({ contactKeySalt: _salt, ...tenant }: Tenant) {
  return { ...tenant, settings: readTenantSettings(tenant.settings, tenant.locale) };
}

/**
 * The settings as the agency set them, to merge a change over: saving readTenantSettings' result
 * instead would store every default, and the locale's country, as if the agency had chosen them.
 */
export function storedSettings(settings: Prisma.JsonValue | undefined): Prisma.JsonObject {
  return typeof settings === 'object' && settings !== null && !Array.isArray(settings) ? settings : {};
}

/** The stored settings with the keys the change names replaced, and within automations the rules it names. */
export function applySettingsChange(stored: Prisma.JsonValue, change: TenantSettingsChange): Prisma.InputJsonObject {
  const current = storedSettings(stored);
  const automations = change.automations && { ...storedSettings(current.automations), ...change.automations };
  return { ...current, ...change, ...(automations ? { automations } : {}) };
}

export function tenantNotFound(): AppError {
  return new AppError('not_found', 'No such agency');
}

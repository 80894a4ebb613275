import type { z } from 'zod';
import type { createTenantBody, updateTenantBody, updateTenantProfileBody } from '../../api/contracts/tenants.schemas';

export type CreateTenant = z.output<typeof createTenantBody>;
export type UpdateTenant = z.output<typeof updateTenantBody>;
export type UpdateTenantProfile = z.output<typeof updateTenantProfileBody>;
export type { TenantSettingsChange } from '../../api/contracts/tenants.schemas';

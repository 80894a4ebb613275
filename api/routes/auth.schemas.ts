import { z } from 'zod';

export const loginBody = z
  .object({
    email: z.email().max(254),
    password: z.string().min(1).max(200),
    tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be an agency slug').optional(),
  })
  .strict();

export const sessionResponse = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  principal: z.object({ kind: z.enum(['user', 'platform_admin']), tenantId: z.string().optional(), role: z.string().optional() }),
});

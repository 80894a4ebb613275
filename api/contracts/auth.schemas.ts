import { z } from 'zod';
import { AgentAvailability, Plan, UserRole } from '../../prisma/generated/enums';

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

const meTenant = z.object({ id: z.uuid(), name: z.string(), slug: z.string(), locale: z.string(), timeZone: z.string(), plan: z.enum(Plan) });
const temporalUi = z.object({ url: z.string(), namespace: z.string() }).nullable();

export const meResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.enum(UserRole), availability: z.enum(AgentAvailability) }),
    tenant: meTenant,
    temporalUi,
  }),
  z.object({ kind: z.literal('platform_admin'), tenant: meTenant, temporalUi }),
]);

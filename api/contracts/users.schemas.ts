import { z } from 'zod';
import { AgentAvailability, UserRole } from '../../prisma/generated/enums';
import { newPassword as password } from '../../domain/password-policy';
import { text } from '../http/schemas';

export const createUserBody = z.strictObject({
  email: z.email().max(254).transform((email) => email.toLowerCase()),
  name: text(120),
  role: z.enum(UserRole),
  password,
  maxOpenConversations: z.number().int().min(1).max(200).default(10),
});

export const updateUserBody = z
  .strictObject({
    name: text(120).optional(),
    role: z.enum(UserRole).optional(),
    active: z.boolean().optional(),
    availability: z.enum(AgentAvailability).optional(),
    maxOpenConversations: z.number().int().min(1).max(200).optional(),
    password: password.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export const availabilityBody = z.strictObject({ availability: z.enum(AgentAvailability) });
export const listUsersQuery = z.strictObject({ role: z.enum(UserRole).optional(), active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
export type UpdateUserBody = z.output<typeof updateUserBody>;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(UserRole),
  active: z.boolean(),
  availability: z.enum(AgentAvailability),
  maxOpenConversations: z.number().int(),
  lastAssignedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const userListSchema = z.object({ items: z.array(userSchema) });

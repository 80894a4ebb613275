import { z } from 'zod';
import { text } from '../http/schemas';

export const createApiKeyBody = z.strictObject({ name: text(80) });

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdById: z.uuid().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

/** The only answer that carries the key itself. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });

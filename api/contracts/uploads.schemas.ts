import { z } from 'zod';
import { text } from '../http/schemas';

export const uploadQuery = z.strictObject({
  /** The file's name as the user chose it (the body is the file's bytes, application/octet-stream). */
  fileName: text(200),
});

export const uploadSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  size: z.number().int(),
  /** Until when imports can read it. */
  expiresAt: z.iso.datetime(),
});

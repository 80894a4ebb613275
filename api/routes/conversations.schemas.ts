import { z } from 'zod';
import { pageQuery } from '../http/pagination';
import { text } from '../http/schemas';

export const listConversationsQuery = z.strictObject({
  scope: z.enum(['mine', 'unassigned', 'all']).default('mine'),
  status: z.enum(['OPEN', 'CLOSED']).default('OPEN'),
  ...pageQuery,
});

const template = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'lower-case letters, digits and _'),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'such as es or es_AR'),
  bodyParameters: z.array(z.string().max(1_000)).max(20).default([]),
});

export const replyBody = z
  .strictObject({
    text: text(4_096).optional(),
    template: template.optional(),
    /** Send the same id again to retry safely: the message goes out once. */
    clientMessageId: z.uuid().optional(),
  })
  .refine((body) => Boolean(body.text) !== Boolean(body.template), { message: 'send either text or template', path: ['text'] });

export const transferBody = z.strictObject({ toUserId: z.uuid() });
export const messagesQuery = z.strictObject({ ...pageQuery });

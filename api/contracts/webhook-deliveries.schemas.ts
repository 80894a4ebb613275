import { z } from 'zod';
import { pageOf, pageQuery } from '../http/pagination';
import { isoDate } from '../http/schemas';

const SOURCES = ['whatsapp_cloud', 'whatsapp_web', 'manychat', 'uchat'] as const;

export const tenantParams = z.strictObject({ tenantId: z.uuid() });
export const deliveryParams = z.strictObject({ tenantId: z.uuid(), id: z.uuid() });
export const listDeliveriesQuery = z.strictObject({ source: z.enum(SOURCES).optional(), from: isoDate.optional(), to: isoDate.optional(), ...pageQuery });

const deliverySummary = z.object({ id: z.uuid(), receivedAt: z.iso.datetime(), source: z.string(), events: z.number().int(), bytes: z.number().int() });

export const deliveryPageSchema = pageOf(deliverySummary);
/** The exact bytes the provider sent, as text and as base64. */
export const deliverySchema = deliverySummary.extend({ body: z.string(), bodyBase64: z.string() });
export const reprocessedSchema = z.object({ id: z.uuid(), events: z.number().int() });

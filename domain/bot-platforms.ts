import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Outside bot builders an agency may connect; at most one is active per agency. */
export const BOT_PLATFORMS = ['MANYCHAT', 'UCHAT'] as const;
export type BotPlatform = (typeof BOT_PLATFORMS)[number];

export const isBotPlatform = (channel: string): channel is BotPlatform => (BOT_PLATFORMS as readonly string[]).includes(channel);

/** What is stored (encrypted) for a connected bot platform. */
export interface BotPlatformConfig {
  /** ManyChat's page API key or UChat's workspace token. */
  apiKey: string;
  /** Astor's own secret the platform's flows send back in `X-Astor-Token`. */
  inboundSecret: string;
  /** Tag put on a contact while a person handles it, so the platform's flows stay quiet. */
  handoffTag: string;
  /** Flow (ManyChat flow_ns, UChat sub-flow ns) sent when a conversation goes back to the bot. */
  resumeFlow: string | null;
}

/** What workflows may know of a connected platform: no secrets. */
export type BotPlatformRouting = { platform: BotPlatform; handoffTag: string; resumeFlow: string | null };

export const INBOUND_TOKEN_HEADER = 'x-astor-token';

export const newInboundSecret = (): string => randomBytes(24).toString('base64url');

/** The token a flow sends: the tenant it belongs to and the secret that proves it, `<tenantId>.<secret>`. */
export const inboundToken = (tenantId: string, secret: string): string => `${tenantId}.${secret}`;

const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{16,64})$/;

export function parseInboundToken(token: string | undefined): { tenantId: string; secret: string } | undefined {
  const match = TOKEN.exec(token?.trim() ?? '');
  return match ? { tenantId: match[1]!, secret: match[2]! } : undefined;
}

export function secretsMatch(given: string, stored: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(stored)];
  return a.length === b.length && timingSafeEqual(a, b);
}

const fieldValue = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]);
/** Flows fill unknown variables with empty text: treat it as not sent. */
const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/**
 * The JSON body an agency's ManyChat or UChat flow posts with its External Request action. Flow
 * authors map the platform's variables into it (e.g. `{{subscriber_id}}`, `{{whatsapp_phone}}`,
 * `{{last_input_text}}`); every field but the contact id is optional.
 */
export const botInboundBody = z.strictObject({
  /** `message`: the contact wrote; `handoff`: the flow asks for a person; `lead`: data only, no message. */
  event: z.enum(['message', 'handoff', 'lead']).default('message'),
  contactId: z.string().trim().min(1).max(64),
  /** The platform's id of the message, when the flow can send one; otherwise Astor derives one. */
  messageId: blankAsMissing(z.string().trim().max(128)),
  text: blankAsMissing(z.string().max(4_096)),
  name: blankAsMissing(z.string().trim().max(200)),
  phone: blankAsMissing(z.string().trim().max(32)),
  email: blankAsMissing(z.email().max(200)),
  /** When the contact wrote (ISO), e.g. ManyChat's `{{last_interaction}}`. */
  sentAt: blankAsMissing(z.iso.datetime({ offset: true })),
  fields: z.record(z.string().max(60), fieldValue).optional(),
});

export type BotInboundBody = z.output<typeof botInboundBody>;

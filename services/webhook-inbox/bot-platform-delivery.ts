import { createHash } from 'node:crypto';
import type { BotInboundBody, BotPlatform } from '../../domain/bot-platforms';
import { HANDOFF_BUTTON_ID } from '../../domain/bot-replies';
import type { InboundMessage } from '../../domain/messaging';
import { inboundEdgeEvent, type Delivery, type EdgeEvent } from './edge-events';

const ORIGIN = { MANYCHAT: 'MANYCHAT', UCHAT: 'UCHAT' } as const;
/** The delivery source each platform's bytes are kept under. */
export const BOT_PLATFORM_SOURCE = { MANYCHAT: 'manychat', UCHAT: 'uchat' } as const;

/**
 * A flow that sends no message id gets one derived from what it did send; without a time either,
 * the same text from the same contact within a minute counts as one message (a retried request).
 */
function messageIdOf(platform: BotPlatform, body: BotInboundBody, now: number): string {
  if (body.messageId) return `${platform.toLowerCase()}:${body.messageId}`;
  const when = body.sentAt ?? String(Math.floor(now / 60_000));
  const digest = createHash('sha256').update(JSON.stringify([body.contactId, body.event, when, body.text ?? ''])).digest('base64url').slice(0, 32);
  return `${platform.toLowerCase()}:${digest}`;
}

function toInbound(platform: BotPlatform, body: BotInboundBody, phone: string | undefined, now: number): InboundMessage {
  const handoff = body.event === 'handoff';
  return {
    providerMessageId: messageIdOf(platform, body, now),
    contact: body.contactId,
    ...(body.name ? { contactName: body.name } : {}),
    ...(phone ? { contactPhone: phone } : {}),
    ...(body.email ? { contactEmail: body.email } : {}),
    ...(handoff ? { type: 'button' as const, reply: { id: HANDOFF_BUTTON_ID, title: body.text ?? 'Hablar con una persona' } } : { type: 'text' as const, text: body.text ?? '' }),
    sentAt: body.sentAt ?? new Date(now).toISOString(),
  };
}

/** A lead event without a phone names nobody Astor can reach: the caller refuses it before. */
function edgeEventOf(platform: BotPlatform, tenantId: string, body: BotInboundBody, phone: string | undefined, now: number): EdgeEvent[] {
  const route = { tenantId };
  if (body.event !== 'lead') return [inboundEdgeEvent(route, platform, toInbound(platform, body, phone, now))];
  if (!phone) return [];
  const fields = { ...(body.name ? { name: body.name } : {}), ...(body.email ? { email: body.email } : {}) };
  const submission = { submissionId: messageIdOf(platform, body, now), origin: ORIGIN[platform], fields, sourceDetails: { [`${platform.toLowerCase()}ContactId`]: body.contactId, ...body.fields } };
  return [{ kind: 'lead_submission', route, phone, submission }];
}

/** An External Request of a ManyChat or UChat flow (validated, its phone normalised) as the inbox stores it. */
export function botPlatformDelivery(platform: BotPlatform, tenantId: string, request: { body: BotInboundBody; phone?: string; raw: Buffer; receivedAt: Date }): Delivery {
  const events = edgeEventOf(platform, tenantId, request.body, request.phone, request.receivedAt.getTime());
  return { source: BOT_PLATFORM_SOURCE[platform], body: request.raw, receivedAt: request.receivedAt, store: true, hold: false, events };
}

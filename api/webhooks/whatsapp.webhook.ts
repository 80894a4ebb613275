import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../../domain/logger';
import type { InboundMessage, MessageStatusUpdate } from '../../domain/messaging';
import { InvalidPhoneError, normalizePhone } from '../../domain/phone';
import { parseWebhookDelivery, type WebhookEvent } from '../../activities/providers/whatsapp-cloud/webhook-payload';
import { verifyWebhookSignature } from '../../activities/providers/whatsapp-cloud/webhook-signature';
import { AppError } from '../http/errors';
import type { SendEvidenceRecorder } from '../../prisma/repositories/send-evidence';
import type { IngressBatcher } from '../../temporal/ingress-batcher';
import type { WorkflowHandoff } from '../../temporal/workflow-handoff';
import type { TemplateStatusRecorder } from './template-status';
import type { LeadgenEvent } from './meta-leadgen';

interface WhatsAppWebhookDeps {
  appSecret: string;
  verifyToken: string;
  tenantOf: (phoneNumberId: string) => Promise<string | null>;
  ingress: IngressBatcher;
  handoff: WorkflowHandoff;
  recordSendEvidence: SendEvidenceRecorder;
  recordTemplateStatuses: TemplateStatusRecorder;
  startMetaLeads: (events: LeadgenEvent[]) => Promise<void>;
  logger: Logger;
}

type MessageEvent = Extract<WebhookEvent, { kind: 'message' }>;
type StatusEvent = Extract<WebhookEvent, { kind: 'status' }>;

function toInbound(event: MessageEvent): InboundMessage {
  return {
    providerMessageId: event.providerMessageId,
    contact: normalizePhone(`+${event.from}`),
    ...(event.contactName ? { contactName: event.contactName } : {}),
    type: event.type,
    ...(event.text !== undefined ? { text: event.text } : {}),
    ...(event.media ? { media: event.media } : {}),
    ...(event.reply ? { reply: event.reply } : {}),
    ...(event.location ? { location: event.location } : {}),
    sentAt: event.timestamp.toISOString(),
  };
}

function toStatus(event: StatusEvent): MessageStatusUpdate {
  return {
    providerMessageId: event.providerMessageId,
    status: event.status,
    at: event.timestamp.toISOString(),
    recipient: event.recipientId,
    ...(event.error ? { error: { code: String(event.error.code), title: event.error.title, ...(event.error.message ? { message: event.error.message } : {}) } } : {}),
    ...(event.callbackData ? { callbackData: event.callbackData } : {}),
  };
}

/**
 * Meta's webhook: the signature of the raw body is checked before anything else, every event is
 * handed to Temporal before the 200, and a failed hand-off answers 503 so Meta delivers again
 * (duplicates are absorbed downstream by provider message id).
 */
export function whatsAppWebhookRoutes(deps: WhatsAppWebhookDeps): Router {
  const router = Router();

  router.get('/webhooks/whatsapp', (req: Request, res: Response) => {
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = req.query as Record<string, string | undefined>;
    if (mode === 'subscribe' && token === deps.verifyToken && challenge) res.type('text/plain').send(challenge);
    else res.status(403).type('text/plain').send('verification failed');
  });

  router.post('/webhooks/whatsapp', express.raw({ type: () => true, limit: '3mb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookSignature(raw, req.header('x-hub-signature-256'), deps.appSecret)) {
      throw new AppError('unauthenticated', 'The X-Hub-Signature-256 header does not match the body');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('malformed_json', 'The body is not JSON');
    }
    const events = parseWebhookDelivery(json);
    await Promise.all(groupByNumber(events).map(([phoneNumberId, group]) => handOff(deps, phoneNumberId, group)));
    await deps.recordTemplateStatuses(events.filter((event) => event.kind === 'template_status'));
    await deps.startMetaLeads(events.filter((event) => event.kind === 'leadgen'));
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
}

function groupByNumber(events: WebhookEvent[]): [string, WebhookEvent[]][] {
  const groups = new Map<string, WebhookEvent[]>();
  for (const event of events) {
    if (event.kind === 'leadgen') continue;
    if (event.kind === 'template_status') continue;
    const group = groups.get(event.phoneNumberId) ?? [];
    group.push(event);
    groups.set(event.phoneNumberId, group);
  }
  return [...groups];
}

async function handOff(deps: WhatsAppWebhookDeps, phoneNumberId: string, events: WebhookEvent[]): Promise<void> {
  const tenantId = await deps.tenantOf(phoneNumberId);
  if (!tenantId) {
    deps.logger.warn('webhook for an unknown WhatsApp number acknowledged and dropped', { phoneNumberId, events: events.length });
    return;
  }
  const statuses = events.filter((event): event is StatusEvent => event.kind === 'status').map(toStatus);
  const messages = events.filter((event): event is MessageEvent => event.kind === 'message');
  const inbound: InboundMessage[] = [];
  for (const message of messages) {
    try {
      inbound.push(toInbound(message));
    } catch (error) {
      if (!(error instanceof InvalidPhoneError)) throw error;
      deps.logger.warn('inbound message from an unusable number dropped', { tenantId, providerMessageId: message.providerMessageId });
    }
  }
  try {
    await Promise.all([
      ...(inbound.length ? [deps.ingress.send(tenantId, { inbound: inbound.map((message) => ({ channel: 'WHATSAPP_CLOUD' as const, message })) })] : []),
      ...(statuses.length ? [deps.handoff.statuses(tenantId, statuses), deps.recordSendEvidence(tenantId, statuses)] : []),
    ]);
  } catch (error) {
    deps.logger.error('webhook hand-off to Temporal failed; asking Meta to retry', { tenantId, error: error instanceof Error ? error.message : String(error) });
    throw new AppError('unavailable', 'Could not hand the delivery to the workflow engine; retry later');
  }
}

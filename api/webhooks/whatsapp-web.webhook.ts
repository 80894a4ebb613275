import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../../domain/logger';
import type { InboundMessage, MessageStatusUpdate } from '../../domain/messaging';
import { InvalidPhoneError, normalizePhone } from '../../domain/phone';
import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import type { SendEvidenceRecorder } from '../../prisma/repositories/send-evidence';
import { bridgeEvent, SIGNATURE_HEADER, toDelivery, verifyBridgeSignature } from '../../activities/providers/whatsapp-web/bridge-api';
import { AppError } from '../http/errors';
import type { WorkflowHandoff } from '../../temporal/workflow-handoff';

/** What Astor keeps, encrypted, about a tenant's WhatsApp Web session. */
export interface WebSessionSecrets {
  session: string;
  webhookSecret: string;
}

interface WhatsAppWebWebhookDeps {
  /** The tenant and the webhook secret of a session, or null for a session nobody owns. */
  sessionOwner: (session: string) => Promise<{ tenantId: string; webhookSecret: string } | null>;
  handoff: WorkflowHandoff;
  recordSendEvidence: SendEvidenceRecorder;
  logger: Logger;
}

/** Which tenant owns a bridge session (the narrow SECURITY DEFINER lookup) and the secret the session signs with. */
export function webSessionOwner(db: Database, secrets: SecretBox) {
  return async (session: string): Promise<{ tenantId: string; webhookSecret: string } | null> => {
    const rows = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_web_session(${session}) AS tenant_id`;
    const tenantId = rows[0]?.tenant_id;
    if (!tenantId) return null;
    const stored = await db.inTenant(tenantId, (tx) => loadIntegrationConfig<WebSessionSecrets>(tx, secrets, 'WHATSAPP_WEB'));
    return stored?.config.session === session ? { tenantId, webhookSecret: stored.config.webhookSecret } : null;
  };
}

/**
 * The WhatsApp Web bridge's events for one session. The signature of the raw body, keyed with the
 * session's own secret, is checked before the body is read; inbound messages and acks are handed
 * to Temporal before the 200, and a failed hand-off answers 503 so the bridge delivers again
 * (duplicates are absorbed downstream by provider message id).
 */
export function whatsAppWebWebhookRoutes(deps: WhatsAppWebWebhookDeps): Router {
  const router = Router();

  router.post('/webhooks/whatsapp-web/:session', express.raw({ type: () => true, limit: '1mb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const session = String(req.params.session);
    const owner = await deps.sessionOwner(session);
    if (!owner || !verifyBridgeSignature(raw, req.header(SIGNATURE_HEADER), owner.webhookSecret)) {
      throw new AppError('unauthenticated', `The ${SIGNATURE_HEADER} header does not match the body for this session`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('malformed_json', 'The body is not JSON');
    }
    const parsed = bridgeEvent.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
      throw new AppError('validation_failed', 'The body is not a WhatsApp Web bridge event', { fields });
    }
    if (parsed.data.session !== session) throw new AppError('validation_failed', 'The event names another session than its URL', { fields: [{ path: 'session', message: 'must match the URL', code: 'mismatch' }] });
    await handOff(deps, owner.tenantId, toDelivery(parsed.data));
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
}

async function handOff(deps: WhatsAppWebWebhookDeps, tenantId: string, delivery: ReturnType<typeof toDelivery>): Promise<void> {
  let work: Promise<unknown>;
  if (delivery.kind === 'message') {
    let message: InboundMessage;
    try {
      message = { ...delivery.message, contact: normalizePhone(delivery.message.contact) };
    } catch (error) {
      if (!(error instanceof InvalidPhoneError)) throw error;
      deps.logger.warn('inbound WhatsApp Web message from an unusable number dropped', { tenantId, providerMessageId: delivery.message.providerMessageId });
      return;
    }
    work = deps.handoff.inboundMessage(tenantId, 'WHATSAPP_WEB', message);
  } else if (delivery.kind === 'status') {
    const updates: MessageStatusUpdate[] = [delivery.update];
    work = Promise.all([deps.handoff.statuses(tenantId, updates), deps.recordSendEvidence(tenantId, updates)]);
  } else {
    deps.logger.info('WhatsApp Web session changed state', { tenantId, status: delivery.status });
    return;
  }
  try {
    await work;
  } catch (error) {
    deps.logger.error('WhatsApp Web hand-off to Temporal failed; asking the bridge to retry', { tenantId, error: error instanceof Error ? error.message : String(error) });
    throw new AppError('unavailable', 'Could not hand the event to the workflow engine; retry later');
  }
}

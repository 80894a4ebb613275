import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../../domain/logger';
import type { SecretBox } from '../../domain/secret-box';
import type { Database } from '../../prisma/client';
import { loadIntegrationConfig } from '../../prisma/repositories/integration-secrets';
import { bridgeEvent, SIGNATURE_HEADER, verifyBridgeSignature } from '../../integrations/whatsapp-web/bridge-api';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { whatsAppWebDelivery } from '../../services/webhook-inbox/whatsapp-web-delivery';
import { AppError } from '../../domain/app-error';
import type { WebSessionSecrets } from '../../services/whatsapp-channel/whatsapp-web-session';
import { acceptOrRetryLater, parseJsonBody } from './inbox-handoff';
import { deliveryMetrics } from './delivery-metrics';

interface WhatsAppWebWebhookDeps {
  /** The tenant and the webhook secret of a session, or null for a session nobody owns. */
  sessionOwner: (session: string) => Promise<{ tenantId: string; webhookSecret: string } | null>;
  inbox: WebhookInbox;
  logger: Logger;
}

/** Session names Astor gives (one per tenant); anything else names no session. */
const SESSION_NAME = /^[A-Za-z0-9_-]{1,100}$/;

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
 * session's own secret, is checked before the body is read; inbound messages and acks are stored
 * in PostgreSQL before the 200, and a delivery PostgreSQL cannot take answers 503 so the bridge
 * delivers it again (duplicates are absorbed by provider message id).
 */
export function whatsAppWebWebhookRoutes(deps: WhatsAppWebWebhookDeps): Router {
  const router = Router();

  router.post('/webhooks/whatsapp-web/:session', deliveryMetrics('whatsapp_web'), express.raw({ type: () => true, limit: '1mb' }), async (req: Request, res: Response) => {
    const receivedAt = new Date();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const session = String(req.params.session);
    if (!SESSION_NAME.test(session)) throw new AppError('not_found', 'No such WhatsApp Web session');
    const owner = await deps.sessionOwner(session);
    if (!owner || !verifyBridgeSignature(raw, req.header(SIGNATURE_HEADER), owner.webhookSecret)) {
      throw new AppError('unauthenticated', `The ${SIGNATURE_HEADER} header does not match the body for this session`);
    }
    const parsed = bridgeEvent.safeParse(parseJsonBody(raw));
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, code: issue.code }));
      throw new AppError('validation_failed', 'The body is not a WhatsApp Web bridge event', { fields });
    }
    if (parsed.data.session !== session) throw new AppError('validation_failed', 'The event names another session than its URL', { fields: [{ path: 'session', message: 'must match the URL', code: 'mismatch' }] });
    if (parsed.data.event === 'session.status') deps.logger.info('WhatsApp Web session changed state', { tenantId: owner.tenantId, status: parsed.data.data.status });
    await acceptOrRetryLater(deps, whatsAppWebDelivery(owner.tenantId, parsed.data, raw, receivedAt), res);
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
}

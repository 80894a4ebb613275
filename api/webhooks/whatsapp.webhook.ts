import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../../domain/logger';
import { verifyWebhookSignature } from '../../integrations/whatsapp-cloud/webhook-signature';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { whatsAppCloudDelivery } from '../../services/webhook-inbox/whatsapp-cloud-delivery';
import { AppError } from '../../domain/app-error';
import { acceptOrRetryLater, parseJsonBody } from './inbox-handoff';
import { deliveryMetrics } from './delivery-metrics';

interface WhatsAppWebhookDeps {
  appSecret: string;
  verifyToken: string;
  inbox: WebhookInbox;
  logger: Logger;
}

/**
 * Meta's webhook: the signature of the raw body is checked before anything else, the delivery is
 * stored in PostgreSQL (messages, statuses, template and lead-ads events, and the workflow
 * hand-offs they imply) before the 200, and a delivery PostgreSQL cannot take answers 503 so Meta
 * delivers it again. Duplicates are absorbed by provider message id.
 */
export function whatsAppWebhookRoutes(deps: WhatsAppWebhookDeps): Router {
  const router = Router();

  router.get('/webhooks/whatsapp', (req: Request, res: Response) => {
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = req.query as Record<string, string | undefined>;
    if (mode === 'subscribe' && token === deps.verifyToken && challenge) res.type('text/plain').send(challenge);
    else res.status(403).type('text/plain').send('verification failed');
  });

  router.post('/webhooks/whatsapp', deliveryMetrics('whatsapp_cloud'), express.raw({ type: () => true, limit: '3mb' }), async (req: Request, res: Response) => {
    const receivedAt = new Date();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookSignature(raw, req.header('x-hub-signature-256'), deps.appSecret)) {
      throw new AppError('unauthenticated', 'The X-Hub-Signature-256 header does not match the body');
    }
    await acceptOrRetryLater(deps, whatsAppCloudDelivery(raw, receivedAt, parseJsonBody(raw)), res);
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
}

import type { RequestHandler } from 'express';
import { recordWebhookDelivery, secondsSince, type WebhookOutcome } from '../../observability/metrics';
import type { DeliverySource } from '../../services/webhook-inbox/edge-events';

/** The answer a webhook route gave, read back as its outcome: each route already answers each case with one status. */
export function webhookOutcome(status: number): WebhookOutcome {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 401 || status === 403) return 'invalid_signature';
  if (status === 503) return 'refused';
  if (status >= 400 && status < 500) return 'invalid';
  return 'error';
}

/** Counts a webhook route's deliveries and times their acknowledgement, from the first byte of the request to the answer. */
export function deliveryMetrics(source: DeliverySource): RequestHandler {
  return (_req, res, next) => {
    const start = process.hrtime.bigint();
    // A sender that hung up before the answer counts the delivery as failed, whatever the route went on to answer.
    res.once('close', () => recordWebhookDelivery(source, res.writableFinished ? webhookOutcome(res.statusCode) : 'abandoned', secondsSince(start)));
    next();
  };
}

import type { Response } from 'express';
import type { Logger } from '../../domain/logger';
import type { Delivery } from '../../services/webhook-inbox/edge-events';
import type { WebhookInbox } from '../../services/webhook-inbox/webhook-inbox';
import { AppError } from '../../domain/app-error';

export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('malformed_json', 'The body is not JSON');
  }
}

/**
 * Stores an authenticated delivery before the caller acknowledges it; a store that fails asks the
 * sender to deliver again. Should the delivery go unacknowledged (answered 5xx, or its sender hangs up
 * first), the inbox notes it: the sender delivers it again later, after deliveries it sends meanwhile.
 */
export async function acceptOrRetryLater(deps: { inbox: WebhookInbox; logger: Logger }, delivery: Delivery, res: Response): Promise<void> {
  res.once('close', () => {
    if (!res.writableFinished || res.statusCode >= 500) deps.inbox.noteUnacknowledged(new Date());
  });
  try {
    await deps.inbox.accept(delivery);
  } catch (error) {
    deps.logger.error('webhook delivery not stored; asking the sender to deliver again', { source: delivery.source, error: error instanceof Error ? error.message : String(error) });
    throw new AppError('unavailable', 'Could not store the delivery; retry later');
  }
}


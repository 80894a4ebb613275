import type { MessageStatusUpdate } from '../domain/messaging';
import { statusEdgeEvent } from '../services/webhook-inbox/edge-events';
import type { WebhookInbox } from '../services/webhook-inbox/webhook-inbox';

/** Records delivery statuses of an agency through the inbox's edge write, as a status webhook would. */
export async function recordStatuses(inbox: WebhookInbox, tenantId: string, updates: MessageStatusUpdate[]): Promise<void> {
  const body = Buffer.from(JSON.stringify(updates));
  await inbox.accept({ source: 'whatsapp_cloud', body, receivedAt: new Date(), store: false, hold: false, events: updates.map((update) => statusEdgeEvent({ tenantId }, update)) });
}

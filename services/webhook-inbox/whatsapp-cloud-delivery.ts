import { inboundMessageOf } from '../../integrations/whatsapp-cloud/inbound-message';
import { parseWebhookDelivery, type WebhookEvent, type WebhookStatusEvent } from '../../integrations/whatsapp-cloud/webhook-payload';
import { knownTemplateStatus } from '../templates/template-listing';
import type { MessageStatusUpdate } from '../../domain/messaging';
import { phoneOfWhatsAppId } from '../../domain/phone';
import { inboundEdgeEvent, statusEdgeEvent, type Delivery, type EdgeEvent } from './edge-events';

function statusUpdateOf(event: WebhookStatusEvent): MessageStatusUpdate {
  return {
    providerMessageId: event.providerMessageId,
    status: event.status,
    at: event.timestamp.toISOString(),
    recipient: event.recipientId,
    ...(event.error ? { error: { code: String(event.error.code), title: event.error.title, ...(event.error.message ? { message: event.error.message } : {}) } } : {}),
    ...(event.callbackData ? { callbackData: event.callbackData } : {}),
    ...(event.pricing ? { pricing: event.pricing } : {}),
  };
}

/** Meta says NONE where there is no reason to give. */
const reasonOf = (reason: string | undefined) => (reason && reason.toUpperCase() !== 'NONE' ? { reason } : {});

function edgeEventOf(event: WebhookEvent, receivedAt: Date): EdgeEvent | undefined {
  switch (event.kind) {
    case 'message':
      return inboundEdgeEvent({ phoneNumberId: event.phoneNumberId }, 'WHATSAPP_CLOUD', inboundMessageOf(event, phoneOfWhatsAppId(event.from)));
    case 'status':
      return statusEdgeEvent({ phoneNumberId: event.phoneNumberId }, statusUpdateOf(event));
    case 'template_status': {
      const status = knownTemplateStatus(event.event);
      if (!status) return undefined;
      return { kind: 'template', route: { businessAccountId: event.businessAccountId }, name: event.name, language: event.language, status, templateId: event.templateId, ...reasonOf(event.reason) };
    }
    case 'quality_update':
      return { kind: 'messaging_limit', route: { businessAccountId: event.businessAccountId }, event: event.event, ...(event.tier ? { tier: event.tier } : {}), at: (event.at ?? receivedAt).toISOString() };
    case 'leadgen':
      return { kind: 'leadgen', route: { pageId: event.pageId }, leadgen: { leadgenId: event.leadgenId, pageId: event.pageId, formId: event.formId, ...(event.adId ? { adId: event.adId } : {}) } };
  }
}

/**
 * A delivery of Meta's webhook (verified already) as the inbox stores it; throws a ZodError when
 * the body is not one. Each event is routed by what it names: the number, page or business account.
 */
export function whatsAppCloudDelivery(body: Buffer, receivedAt: Date, json: unknown, keep: Pick<Delivery, 'store' | 'hold'> = { store: true, hold: true }): Delivery {
  const events = parseWebhookDelivery(json).flatMap((event) => edgeEventOf(event, receivedAt) ?? []);
  return { source: 'whatsapp_cloud', body, receivedAt, ...keep, events };
}

import { toDelivery, type BridgeEvent } from '../../integrations/whatsapp-web/bridge-api';
import { phoneOfWhatsAppId } from '../../domain/phone';
import { inboundEdgeEvent, statusEdgeEvent, type Delivery, type EdgeEvent } from './edge-events';

function edgeEventsOf(tenantId: string, event: BridgeEvent): EdgeEvent[] {
  const route = { tenantId };
  const delivery = toDelivery(event);
  if (delivery.kind === 'message') {
    const contact = phoneOfWhatsAppId(delivery.message.contact.replace(/^\+/, ''));
    return [inboundEdgeEvent(route, 'WHATSAPP_WEB', { ...delivery.message, contact })];
  }
  if (delivery.kind === 'status') return [statusEdgeEvent(route, delivery.update)];
  return [];
}

/** A WhatsApp Web bridge event of a tenant's session (verified and validated) as the inbox stores it; session changes store nothing. */
export function whatsAppWebDelivery(tenantId: string, event: BridgeEvent, raw: Buffer, receivedAt: Date): Delivery {
  return { source: 'whatsapp_web', body: raw, receivedAt, store: true, hold: false, events: edgeEventsOf(tenantId, event) };
}

import { isWithinServiceWindow, type OutboundContent } from '../domain/messaging';
import { firstNameOf } from '../domain/template-variables';
import type { Database } from '../prisma/client';
import { recordLeadEvent } from '../prisma/repositories/lead-events';
import type { PropertyCardInput } from '../workflows/property-card.contract';
import { propertyCardOf, propertyCards } from '../services/messages/campaign-content';

export type PropertyCardPlan = { action: 'send'; to: string; content: OutboundContent; conversationId?: string } | { action: 'skip'; reason: string };

export function createPropertyCardActivities({ db }: { db: Database }) {
  return {
    /**
     * The card as the lead will see it (photo and caption, or text), sent into the lead's open
     * conversation when there is one; the property is recorded as one the lead was offered. WhatsApp
     * allows it only inside the 24-hour window: outside it the card is skipped, saying so.
     */
    async planPropertyCard(input: PropertyCardInput): Promise<PropertyCardPlan> {
      return db.inTenant(input.tenantId, async (tx) => {
        const lead = await tx.lead.findUnique({ where: { id: input.leadId } });
        const property = await tx.property.findUnique({ where: { id: input.propertyId } });
        let plan: PropertyCardPlan;
        if (!lead?.phone || !property) plan = { action: 'skip', reason: 'lead_or_property_gone' };
        else if (lead.optOut) plan = { action: 'skip', reason: 'opted_out' };
        else if (!isWithinServiceWindow(lead.lastInboundAt?.getTime(), Date.now())) plan = { action: 'skip', reason: 'outside_service_window' };
        else {
          const conversation = await tx.conversation.findFirst({ where: { leadId: lead.id, status: 'OPEN' }, select: { id: true } });
          const intro = `${firstNameOf(lead.name) ?? 'Hola'}, te comparto esta propiedad:`;
          plan = { action: 'send', to: lead.phone, content: propertyCards(intro, [propertyCardOf(property)]), ...(conversation ? { conversationId: conversation.id } : {}) };
          await tx.leadPropertyInterest.upsert({ where: { tenantId_leadId_propertyId: { tenantId: input.tenantId, leadId: lead.id, propertyId: property.id } }, create: { tenantId: input.tenantId, leadId: lead.id, propertyId: property.id, source: 'AGENT' }, update: {} });
        }
        if (lead) await recordLeadEvent(tx, { leadId: lead.id, type: plan.action === 'send' ? 'property.card_sent' : 'property.card_skipped', payload: { propertyId: input.propertyId, ...(plan.action === 'skip' ? { reason: plan.reason } : {}) } });
        return plan;
      });
    },
  };
}

export type PropertyCardActivities = ReturnType<typeof createPropertyCardActivities>;

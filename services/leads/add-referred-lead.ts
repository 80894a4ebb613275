import { AppError } from '../../domain/app-error';
import type { InboundMessage } from '../../domain/messaging';
import { phoneOfWhatsAppId } from '../../domain/phone';
import type { TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { createLead } from '../../prisma/repositories/leads.repository';
import { asConflict } from './lead-conflict';
import { normalizeContact } from './lead-contact';

/**
 * Turns the contact card at `index` of an inbound message into a lead (origin REFERRAL) referred by
 * the contact who shared it; one already known by its phone is a 409 naming it.
 */
export async function addReferredLead({ db }: { db: Database }, messageId: string, index: number, settings: TenantSettings) {
  return asConflict(
    db.forCurrentTenant(async (tx) => {
      const message = await tx.message.findUnique({ where: { id: messageId }, select: { leadId: true, content: true, direction: true } });
      const card = message?.direction === 'INBOUND' ? (message.content as Partial<InboundMessage>).contacts?.[index] : undefined;
      if (!message || !card) throw new AppError('not_found', 'No such shared contact in this agency');
      const [first] = card.phones;
      if (!first) throw new AppError('unprocessable', 'The shared contact has no phone to reach them by', { es: 'El contacto compartido no tiene teléfono' });
      const phone = first.waId ? phoneOfWhatsAppId(first.waId) : normalizeContact({ phone: first.phone }, settings).phone!;
      const created = await createLead(tx, { name: card.name, phone, email: card.emails?.[0] ?? null, origin: 'REFERRAL', sourceDetails: { referredBy: message.leadId, messageId } }, { referredBy: message.leadId });
      await recordLeadEvent(tx, { leadId: message.leadId, type: 'lead.referred', payload: { leadId: created.id, messageId } });
      return created;
    }),
  );
}

import { z } from 'zod';
import type { InboundMessage } from '../../domain/messaging';
import { phoneOfWhatsAppId } from '../../domain/phone';
import type { Database } from '../../prisma/client';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { createLead } from '../../prisma/repositories/leads.repository';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { asConflict } from '../../services/leads/lead-conflict';
import { normalizeContact } from '../../services/leads/lead-contact';
import { leadView } from '../views/lead-view';
import { leadSchema } from '../contracts/leads.schemas';

const params = z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(50) });

/** A contact card a contact shared, turned into a lead of the agency: a referral of the contact who sent it. */
export function sharedContactRoutes({ db }: { db: Database }): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/messages/:id/contacts/:index/lead',
      summary: 'Create a lead (origin REFERRAL) from a contact card a contact shared; one already known by its phone is a 409 naming it',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params,
      response: leadSchema,
      status: 201,
      async handler({ params: { id, index }, req }) {
        const message = await db.forCurrentTenant((tx) => tx.message.findUnique({ where: { id }, select: { leadId: true, content: true, direction: true } }));
        const card = message?.direction === 'INBOUND' ? (message.content as Partial<InboundMessage>).contacts?.[index] : undefined;
        if (!message || !card) throw new AppError('not_found', 'No such shared contact in this agency');
        const [first] = card.phones;
        if (!first) throw new AppError('unprocessable', 'The shared contact has no phone to reach them by', { es: 'El contacto compartido no tiene teléfono' });
        const phone = first.waId ? phoneOfWhatsAppId(first.waId) : normalizeContact({ phone: first.phone }, req.tenant!.settings).phone!;
        const lead = await asConflict(
          db.forCurrentTenant(async (tx) => {
            const created = await createLead(tx, { name: card.name, phone, email: card.emails?.[0] ?? null, origin: 'REFERRAL', sourceDetails: { referredBy: message.leadId, messageId: id } }, { referredBy: message.leadId });
            await recordLeadEvent(tx, { leadId: message.leadId, type: 'lead.referred', payload: { leadId: created.id, messageId: id } });
            return created;
          }),
        );
        return leadView(lead);
      },
    }),
  ];
}

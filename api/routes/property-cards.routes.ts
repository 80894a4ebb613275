import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { isWithinServiceWindow } from '../../domain/messaging';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { propertyCardWorkflow } from '../../workflows/property-card.workflow';
import type { Database } from '../../prisma/client';
import { startOnce } from '../../temporal/start-once';
import type { PropertyCardInput } from '../../workflows/property-card.contract';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { sendAcceptedSchema } from '../contracts/leads.schemas';
import { sendProgressRoute } from './send-progress.route';

const propertyCardBody = z.strictObject({
  propertyId: z.uuid(),
  /** Send the same id again to retry safely: the card goes out once. */
  requestId: z.uuid().optional(),
});

export function propertyCardRoutes({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/leads/:id/property-cards',
      summary: "Send the lead a property's card (photo, title, zone, price) on WhatsApp, into its open conversation; only inside WhatsApp's 24-hour window",
      tag: 'matching',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      params: idParams,
      body: propertyCardBody,
      status: 202,
      response: sendAcceptedSchema,
      async handler({ params, body, req, principal }) {
        const tenantId = req.tenant!.id;
        const { lead, property } = await db.forCurrentTenant(async (tx) => ({
          lead: await tx.lead.findUnique({ where: { id: params.id }, select: { id: true, phone: true, optOut: true, lastInboundAt: true } }),
          property: await tx.property.findUnique({ where: { id: body.propertyId }, select: { id: true, status: true } }),
        }));
        if (!lead) throw leadNotFound();
        if (!property) throw new AppError('unprocessable', 'The property is not in this agency’s catalogue', { es: 'La propiedad no está en el catálogo de la inmobiliaria', fields: [{ path: 'propertyId', message: 'names an unknown property', code: 'unknown_property' }] });
        if (!lead.phone) throw new AppError('unprocessable', 'The lead has no phone number', { es: 'El lead no tiene teléfono' });
        if (lead.optOut) throw new AppError('unprocessable', 'The lead asked not to be contacted (opted out)', { es: 'El lead pidió no ser contactado' });
        if (!isWithinServiceWindow(lead.lastInboundAt?.getTime(), Date.now())) {
          throw new AppError('service_window_closed', 'WhatsApp 24-hour rule: the lead last wrote more than 24 hours ago, so only an approved template may be sent (use a campaign with a template)', { es: 'Regla de 24 horas de WhatsApp: el lead escribió por última vez hace más de 24 horas, así que solo se puede enviar una plantilla aprobada (usá una campaña con plantilla)' });
        }
        const requestId = body.requestId ?? randomUUID();
        const input: PropertyCardInput = { tenantId, leadId: lead.id, propertyId: property.id, requestId, ...(principal?.kind === 'user' ? { sentById: principal.userId } : {}) };
        const workflowId = workflowIds.propertyCard(tenantId, requestId);
        await startOnce(temporal, propertyCardWorkflow, { workflowId, taskQueue, args: [input], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [lead.id] } });
        return { workflowId, requestId };
      },
    }),
    sendProgressRoute(temporal, { path: '/leads/:id/property-cards', what: 'property card', tag: 'matching', workflowId: workflowIds.propertyCard }),
  ];
}

import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { voiceMessageWorkflow } from '../../workflows/voice-message.workflow';
import type { Database } from '../../prisma/client';
import { startOnce } from '../../temporal/start-once';
import { VOICE_PURPOSES, type VoiceMessageInput } from '../../workflows/voice-message.contract';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { idParams, text } from '../http/schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { sendAcceptedSchema } from '../contracts/leads.schemas';
import { sendProgressRoute } from './send-progress.route';

export const voiceMessageBody = z.strictObject({
  text: text(1_000),
  purpose: z.enum(VOICE_PURPOSES).default('CUSTOM'),
  /** Send the same id again to retry safely: one voice note goes out. */
  requestId: z.uuid().optional(),
});

export function voiceMessageRoutes({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/leads/:id/voice-messages',
      summary: "Send the lead a voice note in the agency's ElevenLabs voice; progress lands on the lead's timeline",
      tag: 'voice',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      params: idParams,
      body: voiceMessageBody,
      status: 202,
      response: sendAcceptedSchema,
      async handler({ params, body, req }) {
        const tenantId = req.tenant!.id;
        const { lead, botConversation, voice } = await db.forCurrentTenant(async (tx) => ({
          lead: await tx.lead.findUnique({ where: { id: params.id }, select: { id: true, phone: true, optOut: true } }),
          // A contact known only to ManyChat or UChat is reached in its open conversation there.
          botConversation: await tx.conversation.findFirst({ where: { leadId: params.id, status: 'OPEN', channel: { in: ['MANYCHAT', 'UCHAT'] } }, orderBy: { openedAt: 'desc' }, select: { channel: true, contact: true } }),
          voice: await tx.tenantIntegration.findFirst({ where: { provider: 'ELEVENLABS' }, select: { id: true } }),
        }));
        if (!lead) throw leadNotFound();
        // Said now rather than as a failure on the timeline once the workflow reaches ElevenLabs.
        if (!voice) throw new AppError('unprocessable', 'ElevenLabs is not connected: connect it in Settings › Voice to send voice notes', { es: 'Todavía no conectaste ElevenLabs: conectalo en Ajustes › Voz para mandar notas de voz' });
        if (lead.optOut) throw new AppError('unprocessable', 'The lead asked not to be contacted (opted out)', { es: 'El lead pidió no ser contactado' });
        const target = lead.phone ? { to: lead.phone } : botConversation ? { to: botConversation.contact, channel: botConversation.channel } : undefined;
        if (!target) throw new AppError('unprocessable', 'The lead has no phone number and no open ManyChat or UChat conversation to send a voice note to', { es: 'El lead no tiene teléfono ni una conversación abierta en ManyChat o UChat a la que enviar una nota de voz' });
        const requestId = body.requestId ?? randomUUID();
        const workflowId = workflowIds.voiceMessage(tenantId, requestId);
        const input: VoiceMessageInput = { tenantId, leadId: lead.id, ...target, text: body.text, purpose: body.purpose, requestId };
        await startOnce(temporal, voiceMessageWorkflow, { workflowId, taskQueue, args: [input], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [lead.id] } });
        return { workflowId, requestId };
      },
    }),
    sendProgressRoute(temporal, { path: '/leads/:id/voice-messages', what: 'voice note', tag: 'voice', workflowId: workflowIds.voiceMessage }),
  ];
}

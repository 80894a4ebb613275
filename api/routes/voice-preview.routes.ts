import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { audioContentType } from '../../integrations/media-store/media-keys';
import { voiceAudioStore } from '../../integrations/media-store/media-store';
import { campaignContentSchema } from '../../domain/campaign';
import type { AppConfig } from '../../domain/config';
import { workflowIds } from '../../domain/temporal-contracts';
import { voicePreviewWorkflow } from '../../workflows/voice-message.workflow';
import type { Database } from '../../prisma/client';
import { loadContentContext, renderForLead } from '../../services/messages/campaign-content';
import { AppError } from '../../domain/app-error';
import { waitForRun } from '../../temporal/call-deadlines';
import { refusalReason } from '../../temporal/workflow-refusal';
import { route, type RouteSpec } from '../http/route';
import { idParams } from '../http/schemas';
import { findCampaign } from '../../services/campaigns/find-campaign';
import { MANAGERS as CAMPAIGN_MANAGERS } from '../http/access-roles';
import { contentPreviewBody, voicePreviewSchema } from '../contracts/campaigns.schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';

/** Synthesis takes seconds to a minute: the request waits for the preview's run, and no longer. */
const PREVIEW_TIMEOUT_MS = 2 * 60_000;

/** Hear a voice campaign's note for one real lead before launching it (generated once, cached, never sent). */
export function voicePreviewRoutes({ db, temporal, config }: { db: Database; temporal: Client; config: AppConfig }): RouteSpec[] {
  const store = voiceAudioStore(config);
  return [
    route({
      method: 'post',
      path: '/campaigns/:id/voice-preview',
      summary: "A voice campaign's note as one lead would hear it, generated with the agency's ElevenLabs voice and returned as audio to play",
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      body: contentPreviewBody,
      response: voicePreviewSchema,
      async handler({ params, body, req }) {
        const tenantId = req.tenant!.id;
        const script = await db.forCurrentTenant(async (tx) => {
          const content = campaignContentSchema.parse((await findCampaign(tx, params.id)).content);
          if (content.kind !== 'voice') throw new AppError('conflict', 'Only a voice campaign has a voice note to hear', { es: 'Solo una campaña de voz tiene una nota de voz para escuchar' });
          const lead = await tx.lead.findUnique({ where: { id: body.leadId } });
          if (!lead) throw leadNotFound();
          // Heard as if the lead had just written: the 24-hour rule decides sending, not previewing.
          const rendered = renderForLead(content, { ...lead, lastInboundAt: new Date() }, await loadContentContext(tx, tenantId, content), Date.now());
          if (rendered.kind !== 'voice') {
            const reason = rendered.kind === 'skip' ? rendered.reason : 'no voice note';
            throw new AppError('unprocessable', `This lead would be skipped: ${reason}`, { es: `Este lead se omitiría: ${reason}` });
          }
          return rendered.script;
        });
        let audioKey: string;
        try {
          const run = () => temporal.workflow.execute(voicePreviewWorkflow, { workflowId: workflowIds.voicePreview(tenantId, randomUUID()), taskQueue: config.temporal.taskQueue, args: [{ tenantId, text: script }], workflowExecutionTimeout: PREVIEW_TIMEOUT_MS });
          ({ audioKey } = await waitForRun(temporal, PREVIEW_TIMEOUT_MS, run));
        } catch (error) {
          if (error instanceof WorkflowFailedError) throw new AppError('unprocessable', `The voice could not be generated: ${refusalReason(error)}`, { es: `No se pudo generar la voz: ${refusalReason(error)}` });
          throw error;
        }
        const audio = await store.get(audioKey);
        if (!audio) throw new AppError('unavailable', 'The generated audio is not readable from this API instance');
        return { script, audio: `data:${audioContentType(audioKey).replace(/ /g, '')};base64,${Buffer.from(audio).toString('base64')}` };
      },
    }),
  ];
}

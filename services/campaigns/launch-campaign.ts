import { audienceSchema, campaignContentSchema, scheduleSchema } from '../../domain/campaign';
import { AppError } from '../../domain/app-error';
import { SEARCH_ATTRIBUTES, workflowIds } from '../../domain/temporal-contracts';
import { instantOfIso } from '../../domain/time-zone';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import { workflowStart, type CommittedStart, type CommittedStarts } from '../../temporal/committed-starts';
import type { CampaignWorkflowInput } from '../../workflows/campaign.contract';
import { campaignWorkflow } from '../../workflows/campaign.workflow';
import { CAMPAIGN_STATUS_ES, findCampaign } from './find-campaign';
import { loadAudienceLeads } from '../../prisma/repositories/campaign-audience';
import { estimateAudienceCost } from './campaign-cost';
import { findAudienceReach } from './audience-reach';
import { refuseUnusableTemplates } from '../templates/template-refusal';

/**
 * Launches a draft of the agency in context: checks it can run, marks it SCHEDULED with its audit record, and starts its
 * workflow (or, for a recurring campaign, its Temporal Schedule) once that has committed.
 */
export async function launchCampaign({ db, starts }: { db: Database; starts: CommittedStarts }, campaignId: string) {
  const { tenantId } = tenantContext.require('launch campaign');
  const workflowId = workflowIds.campaign(tenantId, campaignId);
  const { campaign, started } = await db.forCurrentTenant(async (tx) => {
    const before = await findCampaign(tx, campaignId);
    if (before.status !== 'DRAFT') throw new AppError('conflict', `The campaign is already ${before.status.toLowerCase()}`, { es: `La campaña ya está ${CAMPAIGN_STATUS_ES[before.status]}` });
    if (!(await tx.whatsAppChannel.findFirst({ select: { id: true } }))) throw new AppError('unprocessable', 'Connect the agency’s WhatsApp channel in Settings before launching a campaign', { es: 'Conectá el canal de WhatsApp de la inmobiliaria en Configuración antes de lanzar una campaña' });
    const content = campaignContentSchema.parse(before.content);
    // Saved while Meta still reviewed it, or paused since: a launch sends now, so only an approved template goes out.
    if (content.kind === 'template') await refuseUnusableTemplates(tx, [{ path: 'content', name: content.name, language: content.language }], 'sent now');
    const schedule = scheduleSchema.parse(before.schedule);
    const { timeZone } = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
    const scheduledAt = schedule.kind === 'at' ? new Date(instantOfIso(schedule.at, timeZone)) : null;
    if (scheduledAt && scheduledAt.getTime() <= Date.now()) {
      throw new AppError('unprocessable', 'The scheduled time has passed', { es: 'La hora programada ya pasó', fields: [{ path: 'schedule.at', message: 'is in the past', code: 'in_the_past' }] });
    }
    if (schedule.kind === 'recurring' && schedule.until && instantOfIso(schedule.until, timeZone) <= Date.now()) {
      throw new AppError('unprocessable', 'The campaign would never run: its end has passed', { es: 'La campaña nunca se ejecutaría: su fecha de fin ya pasó', fields: [{ path: 'schedule.until', message: 'is in the past', code: 'in_the_past' }] });
    }
    const recurring = schedule.kind === 'recurring' ? { schedule, timeZone } : undefined;
    // A recurring campaign's estimate is that of one run, with the audience as it stands now; skipped leads cost nothing.
    const leads = await loadAudienceLeads(tx, audienceSchema.parse(before.audience), { maxRecipients: before.maxRecipients, now: Date.now() });
    const { reachedLeads } = await findAudienceReach(tx, tenantId, leads, content);
    const estimatedCost = await estimateAudienceCost(tx, reachedLeads, content);
    const after = await tx.campaign.update({ where: { id: campaignId }, data: { status: 'SCHEDULED', workflowId: recurring ? workflowIds.campaignSchedule(tenantId, campaignId) : workflowId, scheduledAt, estimatedCost } });
    await recordAudit(tx, { action: 'launch', entity: 'Campaign', entityId: campaignId, before, after });
    const input: CampaignWorkflowInput = { tenantId, campaignId };
    const start: CommittedStart = recurring
      ? { campaignSchedule: { tenantId, campaignId, ...recurring } }
      : workflowStart(campaignWorkflow, { workflowId, args: [input], searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [campaignId] } });
    return { campaign: { ...after, recurring }, started: await starts.record(tx, tenantId, start) };
  });
  await starts.dispatch(started);
  return campaign;
}

import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DEFAULT_MESSAGES_PER_SECOND, scheduleSchema } from '../../domain/campaign';
import { pauseReasonOf, STILL_PAUSED } from '../../domain/campaign-pause';
import type { Database, TenantTx } from '../../prisma/client';
import type { Campaign, CampaignStatus, Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../../prisma/audit-log';
import { campaignFunnel, type FunnelScope } from '../../prisma/repositories/campaign-funnel';
import { sendingConditions } from '../../prisma/repositories/campaign-pause';
import type { CampaignCommand } from '../../workflows/campaign.contract';
import { AppError } from '../../domain/app-error';
import { refusalReason } from '../../temporal/workflow-refusal';
import type { campaignSchedules } from '../../temporal/campaign-schedules';
import { CAMPAIGN_STATUS_ES, findCampaign } from './find-campaign';

export const ENDED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/** Each command as a refusal names it, in English ("cannot be paused") and Spanish ("no se puede pausar"). */
const DONE: Record<string, string> = { pause: 'paused', resume: 'resumed', cancel: 'cancelled', throttle: 'changed' };
const ACTION_ES: Record<string, string> = { pause: 'pausar', resume: 'reanudar', cancel: 'cancelar', throttle: 'cambiar de ritmo' };

function refused(campaign: Campaign, action: string): AppError {
  return new AppError('conflict', `A ${campaign.status.toLowerCase()} campaign cannot be ${DONE[action]}`, { es: `Una campaña ${CAMPAIGN_STATUS_ES[campaign.status]} no se puede ${ACTION_ES[action]}` });
}

const perSecondOf = (command: CampaignCommand) => (command as CampaignCommand & { perSecond: number }).perSecond;

export const isRecurring = (campaign: Campaign) => scheduleSchema.safeParse(campaign.schedule).data?.kind === 'recurring';

/** A campaign's recipients, or for a recurring campaign those of all its runs. */
export async function funnelScope(tx: TenantTx, campaign: Campaign): Promise<FunnelScope> {
  if (!isRecurring(campaign)) return campaign.id;
  return (await tx.campaign.findMany({ where: { parentId: campaign.id }, select: { id: true } })).map((run) => run.id);
}

export async function progressOf(tx: TenantTx, campaign: Campaign) {
  const funnel = await campaignFunnel(tx, await funnelScope(tx, campaign));
  return { ...funnel, status: campaign.status, statusReason: campaign.statusReason, perSecond: campaign.throttlePerSecond, capacityUntil: campaign.capacityUntil?.toISOString() ?? null, workflowId: campaign.workflowId };
}

/** Pause, resume, cancel and throttle: sent to a campaign's workflow, or for a recurring campaign applied to its schedule. */
export function campaignControl({ db, temporal, schedules }: { db: Database; temporal: Client; schedules: ReturnType<typeof campaignSchedules> }) {
  /** Pause, resume and cancel act on a recurring campaign's schedule and on its run in progress; a throttle applies to the next runs. */
  async function recurringCommand<Arg extends CampaignCommand>(campaign: Campaign, update: UpdateDefinition<unknown, [Arg]>, arg: Arg, action: string) {
    const allowed: Record<string, CampaignStatus[]> = { pause: ['SCHEDULED'], resume: ['PAUSED'], cancel: ['SCHEDULED', 'PAUSED'], throttle: ['SCHEDULED', 'PAUSED'] };
    if (!allowed[action]!.includes(campaign.status)) throw refused(campaign, action);
    const note = `${action} by ${arg.actorId}`;
    let data: Prisma.CampaignUpdateInput;
    if (action === 'pause') {
      await schedules.pause(campaign.tenantId, campaign.id, note);
      data = { status: 'PAUSED' };
    } else if (action === 'resume') {
      await schedules.resume(campaign.tenantId, campaign.id, note);
      data = { status: 'SCHEDULED' };
    } else if (action === 'cancel') {
      await schedules.cancel(campaign.tenantId, campaign.id);
      data = { status: 'CANCELLED', completedAt: new Date() };
    } else {
      data = { throttlePerSecond: perSecondOf(arg) };
    }
    if (action !== 'throttle') {
      // After the schedule, so no new run starts meanwhile: the run in progress is paused, resumed or cancelled with it.
      const live = await db.forCurrentTenant((tx) => tx.campaign.findMany({ where: { parentId: campaign.id, status: { in: ['SCHEDULED', 'RUNNING', 'PAUSED'] } }, select: { id: true } }));
      for (const run of live) await command(run.id, update, arg, action).catch((error: unknown) => (error instanceof AppError ? undefined : Promise.reject(error)));
    }
    return db.forCurrentTenant(async (tx) => {
      const after = await tx.campaign.update({ where: { id: campaign.id }, data });
      await recordAudit(tx, { action, entity: 'Campaign', entityId: campaign.id, before: campaign, after });
      return progressOf(tx, after);
    });
  }

  /** A rate the sending number cannot take is a value the request got wrong (422), not a state conflict. */
  async function assertWithinNumberLimit(perSecond: number): Promise<void> {
    const channel = await db.forCurrentTenant((tx) => tx.whatsAppChannel.findFirst({ select: { messagesPerSecond: true } }));
    const max = channel?.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
    if (perSecond > max) {
      throw new AppError('unprocessable', `The sending number allows 1 to ${max} messages per second`, { es: `El número de envío admite de 1 a ${max} mensajes por segundo`, fields: [{ path: 'perSecond', message: `must be at most ${max}`, code: 'above_number_limit' }] });
    }
  }

  /** A campaign Meta's side paused (quality RED for marketing, template paused or disabled) resumes once the cause is gone. */
  async function assertCauseGone(campaignId: string): Promise<void> {
    const reason = pauseReasonOf(await db.forCurrentTenant((tx) => sendingConditions(tx, campaignId)));
    if (reason) throw new AppError('conflict', STILL_PAUSED[reason].en, { es: STILL_PAUSED[reason].es, data: { reason } });
  }

  /** Sends a command to the campaign's workflow; its refusals (where the campaign stands) come back as 409 with the workflow's reason. */
  async function command<Arg extends CampaignCommand>(id: string, update: UpdateDefinition<unknown, [Arg]>, arg: Arg, action: string): Promise<Awaited<ReturnType<typeof progressOf>>> {
    const campaign = await db.forCurrentTenant((tx) => findCampaign(tx, id));
    if (action === 'throttle') await assertWithinNumberLimit(perSecondOf(arg));
    if (!campaign.workflowId || ENDED.has(campaign.status)) throw refused(campaign, action);
    if (action === 'resume') await assertCauseGone(campaign.id);
    if (isRecurring(campaign)) return recurringCommand(campaign, update, arg, action);
    try {
      await temporal.workflow.getHandle(campaign.workflowId).executeUpdate(update, { args: [arg] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new AppError('conflict', refusalReason(error));
      if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', `The campaign has ended and cannot be ${DONE[action]}`, { es: `La campaña terminó y no se puede ${ACTION_ES[action]}` });
      throw error;
    }
    return db.forCurrentTenant(async (tx) => {
      const after = await findCampaign(tx, id);
      await recordAudit(tx, { action, entity: 'Campaign', entityId: id, before: campaign, after });
      return progressOf(tx, after);
    });
  }

  return { command };
}

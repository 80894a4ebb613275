import { AppError } from '../../domain/app-error';
import type { TenantTx } from '../../prisma/client';
import type { CampaignStatus } from '../../prisma/generated/client';

export function campaignNotFound(): AppError {
  return new AppError('not_found', 'No such campaign in this agency');
}

/** A campaign's status as a Spanish sentence says it ("una campaña pausada"). */
export const CAMPAIGN_STATUS_ES: Record<CampaignStatus, string> = {
  DRAFT: 'en borrador',
  SCHEDULED: 'programada',
  RUNNING: 'en curso',
  PAUSED: 'pausada',
  COMPLETED: 'completada',
  CANCELLED: 'cancelada',
  FAILED: 'fallida',
};

export async function findCampaign(tx: TenantTx, id: string) {
  const campaign = await tx.campaign.findUnique({ where: { id } });
  if (!campaign) throw campaignNotFound();
  return campaign;
}

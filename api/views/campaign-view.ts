import type { Campaign, CampaignRecipient } from '../../prisma/generated/client';

export const iso = (date: Date | null) => date?.toISOString() ?? null;

export function campaignView(campaign: Campaign) {
  return {
    id: campaign.id,
    name: campaign.name,
    type: campaign.type,
    status: campaign.status,
    statusReason: campaign.statusReason,
    audience: campaign.audience,
    content: campaign.content,
    schedule: campaign.schedule,
    throttlePerSecond: campaign.throttlePerSecond,
    maxRecipients: campaign.maxRecipients,
    quietHours: campaign.quietHours,
    workflowId: campaign.workflowId,
    scheduledAt: iso(campaign.scheduledAt),
    parentId: campaign.parentId,
    trigger: campaign.trigger,
    launchedAt: iso(campaign.launchedAt),
    completedAt: iso(campaign.completedAt),
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

export function recipientView(recipient: CampaignRecipient & { lead: { name: string | null } }) {
  return {
    id: recipient.id,
    seq: recipient.seq,
    leadId: recipient.leadId,
    leadName: recipient.lead.name,
    phone: recipient.phone,
    status: recipient.status,
    errorCode: recipient.errorCode,
    errorMessage: recipient.errorMessage,
    sentAt: iso(recipient.sentAt),
    deliveredAt: iso(recipient.deliveredAt),
    readAt: iso(recipient.readAt),
    repliedAt: iso(recipient.repliedAt),
  };
}

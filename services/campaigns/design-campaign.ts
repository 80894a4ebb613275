import type { CampaignContent } from '../../domain/campaign';
import { AppError } from '../../domain/app-error';
import { recordAudit } from '../../prisma/audit-log';
import type { Database, TenantTx } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { tenantContext } from '../../prisma/tenant-context';
import { refuseUnusableTemplates } from '../templates/template-refusal';
import type { CreateCampaign, UpdateCampaign } from './campaign-types';
import { CAMPAIGN_STATUS_ES, findCampaign } from './find-campaign';

async function assertPropertiesExist(tx: TenantTx, content: CampaignContent | undefined): Promise<void> {
  const named = content?.kind === 'property_cards' ? { ids: content.propertyIds, path: 'content.propertyIds' } : content?.kind === 'template' && content.propertyId ? { ids: [content.propertyId], path: 'content.propertyId' } : undefined;
  if (!named) return;
  const found = await tx.property.count({ where: { id: { in: named.ids } } });
  if (found !== new Set(named.ids).size) {
    throw new AppError('unprocessable', 'Some of the chosen properties are not in this agency’s catalogue', { es: 'Algunas de las propiedades elegidas no están en el catálogo de la inmobiliaria', fields: [{ path: named.path, message: 'names unknown properties', code: 'unknown_property' }] });
  }
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** A campaign that may still be changed or deleted: a draft. */
async function editable(tx: TenantTx, id: string) {
  const campaign = await findCampaign(tx, id);
  if (campaign.status !== 'DRAFT') {
    throw new AppError('conflict', `The campaign is ${campaign.status.toLowerCase()}: only drafts can be changed or deleted`, {
      es: `La campaña está ${CAMPAIGN_STATUS_ES[campaign.status]}: solo los borradores se pueden cambiar o borrar`,
    });
  }
  return campaign;
}

/** Saves a campaign as a draft of the agency in context, after checking its properties and template. */
export function createCampaign(db: Database, body: CreateCampaign, createdById: string | null) {
  return db.forCurrentTenant(async (tx) => {
    await assertPropertiesExist(tx, body.content);
    if (body.content?.kind === 'template') await refuseUnusableTemplates(tx, [{ path: 'content', name: body.content.name, language: body.content.language }]);
    const created = await tx.campaign.create({
      data: {
        ...body,
        audience: json(body.audience),
        content: json(body.content),
        schedule: json(body.schedule),
        quietHours: body.quietHours ? json(body.quietHours) : undefined,
        tenantId: tenantContext.require('create campaign').tenantId,
        createdById,
      },
    });
    await recordAudit(tx, { action: 'create', entity: 'Campaign', entityId: created.id, after: created });
    return created;
  });
}

/** Changes a draft. */
export function changeCampaign(db: Database, campaignId: string, body: UpdateCampaign) {
  return db.forCurrentTenant(async (tx) => {
    const before = await editable(tx, campaignId);
    await assertPropertiesExist(tx, body.content);
    if (body.content?.kind === 'template') await refuseUnusableTemplates(tx, [{ path: 'content', name: body.content.name, language: body.content.language }]);
    const { audience, content, schedule, quietHours, ...plain } = body;
    const after = await tx.campaign.update({
      where: { id: campaignId },
      data: {
        ...plain,
        ...(audience ? { audience: json(audience) } : {}),
        ...(content ? { content: json(content) } : {}),
        ...(schedule ? { schedule: json(schedule) } : {}),
        ...(quietHours !== undefined ? { quietHours: quietHours ? json(quietHours) : { set: null } } : {}),
      } as Prisma.CampaignUpdateInput,
    });
    await recordAudit(tx, { action: 'update', entity: 'Campaign', entityId: after.id, before, after });
    return after;
  });
}

/** Deletes a draft. */
export async function deleteCampaign(db: Database, campaignId: string): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    const before = await editable(tx, campaignId);
    await tx.campaign.delete({ where: { id: campaignId } });
    await recordAudit(tx, { action: 'delete', entity: 'Campaign', entityId: campaignId, before });
  });
}

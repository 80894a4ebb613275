import type { Database, TenantTx } from '../../prisma/client';
import type { Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../../prisma/audit-log';
import { tenantContext } from '../../prisma/tenant-context';
import { countAudience, sampleAudience } from '../../prisma/repositories/campaign-audience';
import { afterKeyset, keysetOrderBy, type KeysetOrder } from '../../prisma/repositories/keyset';
import type { CampaignContent } from '../../domain/campaign';
import { campaignContentSchema } from '../../domain/campaign';
import { describeSkip, loadContentContext, renderForLead } from '../../services/messages/campaign-content';
import { AppError } from '../../domain/app-error';
import { pageOf, type CursorFor } from '../http/pagination';
import { refuseUnusableTemplates } from '../../services/templates/template-refusal';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS as CAMPAIGN_MANAGERS } from '../http/access-roles';
import { CAMPAIGN_STATUS_ES, findCampaign } from '../../services/campaigns/find-campaign';
import { idParams } from '../http/schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { campaignView } from '../views/campaign-view';
import { audiencePreviewBody, campaignSchema, contentPreviewBody, createCampaignBody, listCampaignsQuery, updateCampaignBody } from '../contracts/campaigns.schemas';
import { z } from 'zod';

const NEWEST_FIRST: KeysetOrder = { field: 'createdAt', direction: 'desc' };

async function assertPropertiesExist(tx: TenantTx, content: CampaignContent | undefined): Promise<void> {
  const named = content?.kind === 'property_cards' ? { ids: content.propertyIds, path: 'content.propertyIds' } : content?.kind === 'template' && content.propertyId ? { ids: [content.propertyId], path: 'content.propertyId' } : undefined;
  if (!named) return;
  const found = await tx.property.count({ where: { id: { in: named.ids } } });
  if (found !== new Set(named.ids).size) {
    throw new AppError('unprocessable', 'Some of the chosen properties are not in this agency’s catalogue', { es: 'Algunas de las propiedades elegidas no están en el catálogo de la inmobiliaria', fields: [{ path: named.path, message: 'names unknown properties', code: 'unknown_property' }] });
  }
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function campaignRoutes({ db, cursorFor }: { db: Database; cursorFor: CursorFor }): RouteSpec[] {
  const pages = cursorFor('campaigns', NEWEST_FIRST);
  const editable = async (tx: TenantTx, id: string) => {
    const campaign = await findCampaign(tx, id);
    if (campaign.status !== 'DRAFT') {
      throw new AppError('conflict', `The campaign is ${campaign.status.toLowerCase()}: only drafts can be changed or deleted`, {
        es: `La campaña está ${CAMPAIGN_STATUS_ES[campaign.status]}: solo los borradores se pueden cambiar o borrar`,
      });
    }
    return campaign;
  };
  return [
    route({
      method: 'get',
      path: '/campaigns',
      summary: 'Campaigns, newest first, filtered by status and type',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      query: listCampaignsQuery,
      response: pageOf(campaignSchema),
      async handler({ query }) {
        const after = pages.read(query.cursor);
        const filter = { ...(query.status ? { status: { in: query.status } } : {}), ...(query.type ? { type: query.type } : {}), ...(query.parentId ? { parentId: query.parentId } : {}) };
        const rows = await db.forCurrentTenant((tx) =>
          tx.campaign.findMany({ where: after ? { AND: [filter, afterKeyset(NEWEST_FIRST, after)] } : filter, orderBy: keysetOrderBy(NEWEST_FIRST), take: query.limit + 1 }),
        );
        return pages.page(rows, query.limit, (row) => row.createdAt, campaignView);
      },
    }),
    route({
      method: 'post',
      path: '/campaigns',
      summary: 'Design a campaign (saved as a draft until launched)',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      body: createCampaignBody,
      response: campaignSchema,
      status: 201,
      async handler({ body, principal }) {
        const campaign = await db.forCurrentTenant(async (tx) => {
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
              createdById: principal?.kind === 'user' ? principal.userId : null,
            },
          });
          await recordAudit(tx, { action: 'create', entity: 'Campaign', entityId: created.id, after: created });
          return created;
        });
        return campaignView(campaign);
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id',
      summary: 'One campaign',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: campaignSchema,
      async handler({ params }) {
        return campaignView(await db.forCurrentTenant((tx) => findCampaign(tx, params.id)));
      },
    }),
    route({
      method: 'patch',
      path: '/campaigns/:id',
      summary: 'Change a draft campaign',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      body: updateCampaignBody,
      response: campaignSchema,
      async handler({ params, body }) {
        const campaign = await db.forCurrentTenant(async (tx) => {
          const before = await editable(tx, params.id);
          await assertPropertiesExist(tx, body.content);
          if (body.content?.kind === 'template') await refuseUnusableTemplates(tx, [{ path: 'content', name: body.content.name, language: body.content.language }]);
          const { audience, content, schedule, quietHours, ...plain } = body;
          const after = await tx.campaign.update({
            where: { id: params.id },
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
        return campaignView(campaign);
      },
    }),
    route({
      method: 'delete',
      path: '/campaigns/:id',
      summary: 'Delete a draft campaign',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      status: 204,
      async handler({ params }) {
        await db.forCurrentTenant(async (tx) => {
          const before = await editable(tx, params.id);
          await tx.campaign.delete({ where: { id: params.id } });
          await recordAudit(tx, { action: 'delete', entity: 'Campaign', entityId: params.id, before });
        });
      },
    }),
    route({
      method: 'post',
      path: '/campaigns/audience-preview',
      summary: 'How many leads an audience reaches now (opted-out leads and leads without a phone never count), with a sample',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      body: audiencePreviewBody,
      response: z.object({ count: z.number(), sample: z.array(z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string() })) }),
      async handler({ body }) {
        return db.forCurrentTenant(async (tx) => ({ count: await countAudience(tx, body.audience), sample: await sampleAudience(tx, body.audience, 5) }));
      },
    }),
    route({
      method: 'post',
      path: '/campaigns/:id/preview',
      summary: 'The campaign’s message as one lead would get it, or why that lead would be skipped',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      body: contentPreviewBody,
      response: z.object({ message: z.unknown().nullable(), voiceScript: z.string().nullable(), skipped: z.object({ reason: z.string(), description: z.string() }).nullable() }),
      async handler({ params, body, req }) {
        return db.forCurrentTenant(async (tx) => {
          const campaign = await findCampaign(tx, params.id);
          const lead = await tx.lead.findUnique({ where: { id: body.leadId } });
          if (!lead) throw leadNotFound();
          const content = campaignContentSchema.parse(campaign.content);
          const rendered = renderForLead(content, lead, await loadContentContext(tx, req.tenant!.id, content), Date.now());
          return {
            message: rendered.kind === 'message' ? rendered.content : null,
            voiceScript: rendered.kind === 'voice' ? rendered.script : null,
            skipped: rendered.kind === 'skip' ? { reason: rendered.reason, description: describeSkip(rendered.reason) } : null,
          };
        });
      },
    }),
  ];
}

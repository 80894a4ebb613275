import type { AppConfig } from '../../domain/config';
import type { Database } from '../../prisma/client';
import { countAudience, loadAudienceLeads, sampleAudience } from '../../prisma/repositories/campaign-audience';
import { countAudienceOutsideLimit, leadsOutsideLimit } from '../../prisma/repositories/messaging-capacity';
import { findMessagingCapacity } from '../../services/whatsapp-channel/find-messaging-capacity';
import { recipientsFittingToday } from '../../domain/messaging-limit';
import { afterKeyset, keysetOrderBy, type KeysetOrder } from '../../prisma/repositories/keyset';
import { campaignContentSchema } from '../../domain/campaign';
import { describeSkip, loadContentContext, renderForLead } from '../../services/messages/campaign-content';
import { pageOf, type CursorFor } from '../http/pagination';
import { route, type RouteSpec } from '../http/route';
import { MANAGERS as CAMPAIGN_MANAGERS } from '../http/access-roles';
import { findCampaign } from '../../services/campaigns/find-campaign';
import { estimateAudienceCost, findCampaignCost } from '../../services/campaigns/campaign-cost';
import { findAudienceReach } from '../../services/campaigns/audience-reach';
import { costEstimateSchema } from '../../domain/pricing/campaign-cost';
import { idParams } from '../http/schemas';
import { leadNotFound } from '../../services/leads/lead-not-found';
import { campaignView } from '../views/campaign-view';
import { changeCampaign, createCampaign, deleteCampaign } from '../../services/campaigns/design-campaign';
import { audiencePreviewBody, campaignDetailSchema, campaignSchema, contentPreviewBody, createCampaignBody, listCampaignsQuery, updateCampaignBody } from '../contracts/campaigns.schemas';
import { z } from 'zod';

const NEWEST_FIRST: KeysetOrder = { field: 'createdAt', direction: 'desc' };


export function campaignRoutes({ db, cursorFor, config }: { db: Database; cursorFor: CursorFor; config: Pick<AppConfig, 'messagingLimit'> }): RouteSpec[] {
  const { windowMs } = config.messagingLimit;
  const pages = cursorFor('campaigns', NEWEST_FIRST);
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
        return campaignView(await createCampaign(db, body, principal?.kind === 'user' ? principal.userId : null));
      },
    }),
    route({
      method: 'get',
      path: '/campaigns/:id',
      summary: 'One campaign, with its estimated and billable cost',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      params: idParams,
      response: campaignDetailSchema,
      async handler({ params }) {
        return db.forCurrentTenant(async (tx) => {
          const campaign = await findCampaign(tx, params.id);
          return { ...campaignView(campaign), cost: await findCampaignCost(tx, campaign) };
        });
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
        return campaignView(await changeCampaign(db, params.id, body));
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
        await deleteCampaign(db, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/campaigns/audience-preview',
      summary: 'How many leads an audience reaches now (opted-out leads and leads without a phone never count), with a sample; with content, its cost and who it reaches, skips and why',
      tag: 'campaigns',
      access: { scope: 'tenant', roles: CAMPAIGN_MANAGERS },
      body: audiencePreviewBody,
      response: z.object({
        count: z.number(),
        /** How many of them (at most maxRecipients; with content, of those it reaches) today's remaining WhatsApp messaging limit takes (GET /channels/whatsapp/capacity). */
        fitsToday: z.number(),
        sample: z.array(z.object({ id: z.uuid(), name: z.string().nullable(), phone: z.string() })),
        /** What sending the body's content to the leads it reaches would cost; null without content. */
        estimatedCost: costEstimateSchema.nullable(),
        /** Who of them the body's content reaches, and who it skips and why; null without content. */
        reach: z
          .object({
            reached: z.number(),
            skipped: z.array(z.object({ reason: z.string(), count: z.number(), description: z.string() })),
          })
          .nullable(),
      }),
      async handler({ req, body }) {
        return db.forCurrentTenant(async (tx) => {
          const count = await countAudience(tx, body.audience);
          const now = new Date();
          const { remaining } = await findMessagingCapacity(tx, now, windowMs);
          const content = body.content;
          if (!content) {
            const recipients = body.maxRecipients ? Math.min(count, body.maxRecipients) : count;
            const fitsToday = recipientsFittingToday(recipients, remaining === null ? 0 : await countAudienceOutsideLimit(tx, body.audience, now, windowMs), remaining);
            return { count, fitsToday, sample: await sampleAudience(tx, body.audience, 5), estimatedCost: null, reach: null };
          }
          // With content, only the leads it reaches (see findAudienceReach) take capacity and cost anything.
          const leads = await loadAudienceLeads(tx, body.audience, { maxRecipients: body.maxRecipients ?? null, now: now.getTime() });
          const { reachedLeads, ...reach } = await findAudienceReach(tx, req.tenant!.id, leads, content, now.getTime());
          const alreadyFree = remaining === null ? 0 : (await leadsOutsideLimit(tx, reachedLeads.map((lead) => lead.id), now, windowMs)).size;
          const fitsToday = recipientsFittingToday(reachedLeads.length, alreadyFree, remaining);
          const estimatedCost = await estimateAudienceCost(tx, reachedLeads, content, now.getTime());
          return { count, fitsToday, sample: await sampleAudience(tx, body.audience, 5), estimatedCost, reach };
        });
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

import type { SendingConditions } from '../../domain/campaign-pause';
import type { TenantTx } from '../client';

/** The campaign's template as the agency's registry holds it (when it sends one) and the number's quality, in one query. */
export async function sendingConditions(tx: TenantTx, campaignId: string): Promise<SendingConditions> {
  const [row] = await tx.$queryRaw<SendingConditions[]>`
    SELECT t.status::text AS "templateStatus", t.category::text AS "templateCategory", (SELECT "qualityRating" FROM "WhatsAppChannel" LIMIT 1) AS "qualityRating"
    FROM "Campaign" c
    LEFT JOIN "WhatsAppTemplate" t ON c.content ->> 'kind' = 'template' AND t.name = c.content ->> 'name' AND t.language = c.content ->> 'language'
    WHERE c.id = ${campaignId}::uuid`;
  return row ?? { templateStatus: null, templateCategory: null, qualityRating: null };
}

import type { WhatsAppCloudSettings } from '../integrations/whatsapp-cloud/whatsapp-cloud.channel';
import type { SecretBox } from '../domain/secret-box';
import type { Database } from '../prisma/client';
import type { TemplateSyncInput, TemplateSyncResult } from '../workflows/template-sync.contract';
import { ProviderError } from '../integrations/provider-error';
import { loadTemplateGraph } from '../integrations/whatsapp-cloud/template-graph';
import { applyTemplateListing } from '../services/templates/template-listing';
import { limitsUpdate, numberLimitsOf } from '../services/whatsapp-channel/number-limits';

export function createTemplateSyncActivities(deps: { db: Database; secrets: SecretBox; whatsappGraph: WhatsAppCloudSettings }) {
  return {
    /**
     * Reads every template of the agency's business account from Meta and applies it to the registry,
     * and the number's quality and messaging limit (the webhook that announces their changes may be lost).
     */
    async syncTemplates({ tenantId }: TemplateSyncInput): Promise<TemplateSyncResult> {
      const graph = await deps.db.inTenant(tenantId, (tx) => loadTemplateGraph(tx, deps.secrets, deps.whatsappGraph));
      if (!graph) return { configured: false };
      try {
        const [remote, number] = await Promise.all([graph.client.listAllTemplates(graph.businessAccountId), graph.client.getPhoneNumber()]);
        return {
          configured: true,
          ...(await deps.db.inTenant(tenantId, async (tx) => {
            const limits = limitsUpdate(numberLimitsOf(number));
            if (Object.keys(limits).length > 0) await tx.whatsAppChannel.updateMany({ data: limits });
            return applyTemplateListing(tx, tenantId, remote);
          })),
        };
      } catch (error) {
        throw error instanceof ProviderError ? error.toApplicationFailure() : error;
      }
    },
  };
}

export type TemplateSyncActivities = ReturnType<typeof createTemplateSyncActivities>;

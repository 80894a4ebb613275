import { knownTemplateStatus } from '../../activities/templates/template-listing';
import type { WebhookTemplateStatusEvent } from '../../activities/providers/whatsapp-cloud/webhook-payload';
import type { Database } from '../../prisma/client';

export type TemplateStatusRecorder = (events: WebhookTemplateStatusEvent[]) => Promise<void>;

/**
 * Meta's template status webhook applied to the registry of every agency on the business account,
 * through the narrow SECURITY DEFINER lookup. Setting a status is idempotent, so redeliveries are
 * harmless; an out-of-order pair is corrected by the next hourly sync.
 */
export function templateStatusRecorder(db: Database): TemplateStatusRecorder {
  return async (events) => {
    for (const event of events) {
      const status = knownTemplateStatus(event.event);
      if (!status) continue;
      const tenants = await db.prisma.$queryRaw<{ tenant_id: string }[]>`SELECT astor_tenants_for_business_account_id(${event.businessAccountId}) AS tenant_id`;
      for (const { tenant_id: tenantId } of tenants) {
        await db.inTenant(tenantId, (tx) => tx.whatsAppTemplate.updateMany({ where: { name: event.name, language: event.language }, data: { status, providerTemplateId: event.templateId } }));
      }
    }
  };
}

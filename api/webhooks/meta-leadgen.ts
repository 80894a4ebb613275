import type { Client } from '@temporalio/client';
import type { WebhookEvent } from '../../activities/providers/whatsapp-cloud/webhook-payload';
import type { Logger } from '../../domain/logger';
import { SEARCH_ATTRIBUTES, workflowIds, workflowNames } from '../../domain/temporal-contracts';
import type { Database } from '../../prisma/client';
import { startOnce } from '../../temporal/start-once';
import type { MetaLeadInput } from '../../workflows/meta-lead.contract';
import { AppError } from '../http/errors';

export type LeadgenEvent = Extract<WebhookEvent, { kind: 'leadgen' }>;

/** Which agency connected a Facebook page, through the narrow SECURITY DEFINER lookup (no tenant is known yet). */
export function tenantByMetaPage(db: Database) {
  return async (pageId: string): Promise<string | null> => {
    const rows = await db.prisma.$queryRaw<{ tenant_id: string | null }[]>`SELECT astor_tenant_for_meta_page(${pageId}) AS tenant_id`;
    return rows[0]?.tenant_id ?? null;
  };
}

/**
 * Meta's leadgen webhook names a page and a submission: each becomes one workflow (keyed by the
 * leadgen id, so Meta's repeats start nothing new) before the delivery is acknowledged.
 */
export function metaLeadgenHandoff(deps: { temporal: Client; taskQueue: string; tenantOfPage: (pageId: string) => Promise<string | null>; logger: Logger }) {
  return async (events: LeadgenEvent[]): Promise<void> => {
    await Promise.all(
      events.map(async (event) => {
        const tenantId = await deps.tenantOfPage(event.pageId);
        if (!tenantId) {
          deps.logger.warn('leadgen webhook for a page no agency connected acknowledged and dropped', { pageId: event.pageId });
          return;
        }
        const input: MetaLeadInput = { tenantId, leadgenId: event.leadgenId, pageId: event.pageId, formId: event.formId, ...(event.adId ? { adId: event.adId } : {}) };
        try {
          await startOnce(deps.temporal, workflowNames.metaLead, {
            workflowId: workflowIds.metaLead(tenantId, event.leadgenId),
            taskQueue: deps.taskQueue,
            args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [`leadgen-${event.leadgenId}`] },
          });
        } catch (error) {
          deps.logger.error('leadgen hand-off to Temporal failed; asking Meta to retry', { tenantId, error: error instanceof Error ? error.message : String(error) });
          throw new AppError('unavailable', 'Could not hand the delivery to the workflow engine; retry later');
        }
      }),
    );
  };
}

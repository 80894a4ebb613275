import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { workflowIds } from '../../domain/temporal-contracts';
import type { Database, TenantTx } from '../../prisma/client';
import type { Property } from '../../prisma/generated/client';
import { workflowStart, type CommittedStarts, type RecordedStart } from '../../temporal/committed-starts';
import { propertyAlertWorkflow } from '../../workflows/property-alert.workflow';
import { cancelCampaignUpdate } from '../../workflows/campaign.contract';
import type { PropertyAlertInput } from '../../workflows/property-alert.contract';

const LIVE = ['SCHEDULED', 'RUNNING', 'PAUSED'] as const;
const WITHDRAWN_REASON = 'La propiedad dejó de estar disponible';

/**
 * New listings and price drops start an alert workflow; a property leaving the market cancels the
 * alert campaigns still sending about it.
 */
export function propertyAlerts({ db, temporal, starts }: { db: Database; temporal: Client; starts: CommittedStarts }) {
  /** Recorded in the property's transaction; the caller dispatches it after the commit. */
  function start(tx: TenantTx, property: Property, previous?: Property): Promise<RecordedStart> {
    const tenantId = property.tenantId;
    const input: PropertyAlertInput = {
      tenantId,
      propertyId: property.id,
      trigger: previous ? 'price_drop' : 'new_listing',
      price: property.price.toString(),
      ...(previous ? { previousPrice: previous.price.toString() } : {}),
    };
    return starts.record(tx, tenantId, workflowStart(propertyAlertWorkflow, { workflowId: workflowIds.propertyAlert(tenantId, property.id, input.trigger, input.price), args: [input] }));
  }

  async function cancelFor(propertyId: string): Promise<void> {
    const triggers = [`new_listing:${propertyId}`, `price_drop:${propertyId}`];
    const live = await db.forCurrentTenant((tx) => tx.campaign.findMany({ where: { trigger: { in: triggers }, status: { in: [...LIVE] } }, select: { id: true, workflowId: true } }));
    for (const campaign of live) {
      try {
        await temporal.workflow.getHandle(campaign.workflowId!).executeUpdate(cancelCampaignUpdate, { args: [{ actorId: 'automation' }] });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError) && !(error instanceof WorkflowUpdateFailedError)) throw error;
      }
      // Also covers a campaign whose workflow has not started yet: it finds itself cancelled.
      await db.forCurrentTenant(async (tx) => {
        await tx.campaign.updateMany({ where: { id: campaign.id, status: { in: [...LIVE] } }, data: { status: 'CANCELLED', completedAt: new Date() } });
        await tx.campaign.updateMany({ where: { id: campaign.id, status: 'CANCELLED', statusReason: null }, data: { statusReason: WITHDRAWN_REASON } });
      });
    }
  }

  return {
    /** A new available listing alerts the leads it fits. */
    listed: async (tx: TenantTx, property: Property) => (property.status === 'AVAILABLE' ? start(tx, property) : undefined),
    /** After an update: a lower price alerts interested leads; leaving the market stops the alerts. */
    changed: async (tx: TenantTx, before: Property, after: Property) => (after.status === 'AVAILABLE' && after.price.lessThan(before.price) ? start(tx, after, before) : undefined),
    async withdrawnIfLeftMarket(before: Property, after: Property): Promise<void> {
      if (before.status === 'AVAILABLE' && after.status !== 'AVAILABLE') await cancelFor(after.id);
    },
  };
}

export type PropertyAlerts = ReturnType<typeof propertyAlerts>;

import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import type { CommittedStarts } from '../../temporal/committed-starts';
import { findProperty } from './find-property';
import type { PropertyAlerts } from './property-alerts';
import type { UpdateProperty } from './property-types';

/**
 * Changes a property: a lower price starts its alert once committed, and a property leaving the
 * market stops the alert campaigns still sending about it.
 */
export async function changeProperty({ db, starts, alerts }: { db: Database; starts: CommittedStarts; alerts: PropertyAlerts }, propertyId: string, body: UpdateProperty) {
  const { before, after, alert } = await db.forCurrentTenant(async (tx) => {
    const before = await findProperty(tx, propertyId);
    const after = await tx.property.update({ where: { id: propertyId }, data: body });
    await recordAudit(tx, { action: 'update', entity: 'Property', entityId: propertyId, before, after });
    return { before, after, alert: await alerts.changed(tx, before, after) };
  });
  await starts.dispatch(alert);
  await alerts.withdrawnIfLeftMarket(before, after);
  return after;
}

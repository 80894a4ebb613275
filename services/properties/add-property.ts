import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { tenantContext } from '../../prisma/tenant-context';
import type { CommittedStarts } from '../../temporal/committed-starts';
import type { PropertyAlerts } from './property-alerts';
import type { CreateProperty } from './property-types';

/** Adds a property to the catalogue of the agency in context; an available one starts its alert once committed. */
export async function addProperty({ db, starts, alerts }: { db: Database; starts: CommittedStarts; alerts: PropertyAlerts }, body: CreateProperty) {
  const { created, alert } = await db.forCurrentTenant(async (tx) => {
    const tenantId = tenantContext.require('add property').tenantId;
    const created = await tx.property.create({ data: { ...body, tenantId } });
    await recordAudit(tx, { action: 'create', entity: 'Property', entityId: created.id, after: created });
    return { created, alert: await alerts.listed(tx, created) };
  });
  await starts.dispatch(alert);
  return created;
}

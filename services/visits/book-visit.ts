import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { VISIT_PARTIES } from '../../prisma/repositories/visit-parties';
import { tenantContext } from '../../prisma/tenant-context';
import type { CommittedStarts } from '../../temporal/committed-starts';
import type { CreateVisit } from './visit-types';
import { assertReferences, futureInstant, visitChanged } from './visit-rules';

/** Books a visit for the agency in context; its workflow (confirmation, reminder, follow-up) starts once it commits. */
export async function bookVisit({ db, starts }: { db: Database; starts: CommittedStarts }, body: CreateVisit) {
  const { visit, started } = await db.forCurrentTenant(async (tx) => {
    await assertReferences(tx, body);
    const tenantId = tenantContext.require('book visit').tenantId;
    const scheduledAt = await futureInstant(tx, body.scheduledAt);
    const visit = await tx.visit.create({ data: { ...body, tenantId, scheduledAt, notes: body.notes ?? null }, include: VISIT_PARTIES });
    await recordLeadEvent(tx, { leadId: visit.leadId, type: 'visit.scheduled', payload: { visitId: visit.id, scheduledAt: scheduledAt.toISOString(), propertyId: visit.propertyId } });
    await recordAudit(tx, { action: 'create', entity: 'Visit', entityId: visit.id, after: visit });
    return { visit, started: await visitChanged(starts, tx, tenantId, visit.id) };
  });
  await starts.dispatch(started);
  return visit;
}

import { AppError } from '../../domain/app-error';
import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { VISIT_PARTIES } from '../../prisma/repositories/visit-parties';
import type { CommittedStarts } from '../../temporal/committed-starts';
import type { UpdateVisit } from './visit-types';
import { assertReferences, findVisit, futureInstant, UPCOMING, VISIT_STATUS_ES, visitChanged } from './visit-rules';

/** Moves, confirms, cancels or closes a visit; its workflow hears of a new time or status once that commits. */
export async function changeVisit({ db, starts }: { db: Database; starts: CommittedStarts }, visitId: string, body: UpdateVisit) {
  const { visit, started } = await db.forCurrentTenant(async (tx) => {
    const before = await findVisit(tx, visitId);
    const moving = body.scheduledAt !== undefined;
    if ((moving || (body.status && UPCOMING.includes(body.status))) && !UPCOMING.includes(before.status)) {
      throw new AppError('conflict', `A ${before.status.toLowerCase()} visit cannot be ${moving ? 'moved' : 'reopened'}; book a new one`, {
        es: `Una visita ${VISIT_STATUS_ES[before.status]} no se puede ${moving ? 'mover' : 'reabrir'}; agendá una nueva`,
      });
    }
    await assertReferences(tx, body);
    const scheduledAt = moving ? await futureInstant(tx, body.scheduledAt!) : undefined;
    const after = await tx.visit.update({ where: { id: visitId }, data: { ...body, ...(scheduledAt ? { scheduledAt } : {}) }, include: VISIT_PARTIES });
    const statusChanged = after.status !== before.status;
    const rescheduled = after.scheduledAt.getTime() !== before.scheduledAt.getTime();
    if (statusChanged || rescheduled) {
      await recordLeadEvent(tx, {
        leadId: after.leadId,
        type: rescheduled ? 'visit.rescheduled' : `visit.${after.status.toLowerCase()}`,
        payload: { visitId: after.id, scheduledAt: after.scheduledAt.toISOString(), status: after.status },
      });
    }
    await recordAudit(tx, { action: 'update', entity: 'Visit', entityId: after.id, before, after });
    return { visit: after, started: statusChanged || rescheduled ? await visitChanged(starts, tx, after.tenantId, after.id) : undefined };
  });
  await starts.dispatch(started);
  return visit;
}

import { recordAudit } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { recordLeadEvent } from '../../prisma/repositories/lead-events';
import { leadNotFound } from './lead-not-found';

/** Adds a note to a lead's timeline. */
export async function addLeadNote({ db }: { db: Database }, leadId: string, note: { text: string }): Promise<void> {
  await db.forCurrentTenant(async (tx) => {
    if (!(await tx.lead.findUnique({ where: { id: leadId }, select: { id: true } }))) throw leadNotFound();
    await recordLeadEvent(tx, { leadId, type: 'note', payload: { text: note.text } });
    await recordAudit(tx, { action: 'create', entity: 'LeadNote', entityId: leadId, after: note });
  });
}

import type { Database } from '../../prisma/client';
import { deleteLead } from '../../prisma/repositories/leads.repository';
import { leadNotFound } from './lead-not-found';

/** Deletes a lead with its timeline, conversations and messages; the audit log keeps what it was. */
export async function removeLead({ db }: { db: Database }, leadId: string): Promise<void> {
  if (!(await db.forCurrentTenant((tx) => deleteLead(tx, leadId)))) throw leadNotFound();
}

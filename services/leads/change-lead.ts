import type { TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { updateLead } from '../../prisma/repositories/leads.repository';
import { assertAssignableAgent } from '../users/user-checks';
import { asConflict } from './lead-conflict';
import { normalizeContact } from './lead-contact';
import { leadNotFound } from './lead-not-found';
import type { UpdateLead } from './lead-types';

/** Changes a lead (contact, stage, tags, assignment, criteria, opt-out), writing the timeline events and audit entry it implies. */
export async function changeLead({ db }: { db: Database }, leadId: string, body: UpdateLead, settings: TenantSettings) {
  const data = normalizeContact(body, settings);
  const lead = await asConflict(
    db.forCurrentTenant(async (tx) => {
      if (data.assignedAgentId) await assertAssignableAgent(tx, data.assignedAgentId);
      const optOutAt = data.optOut === undefined ? undefined : data.optOut ? new Date() : null;
      return updateLead(tx, leadId, { ...data, ...(optOutAt !== undefined ? { optOutAt } : {}) });
    }),
  );
  if (!lead) throw leadNotFound();
  return lead;
}

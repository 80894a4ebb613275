import type { TenantSettings } from '../../domain/tenant-settings';
import type { Database } from '../../prisma/client';
import { createLead } from '../../prisma/repositories/leads.repository';
import { assertAssignableAgent } from '../users/user-checks';
import { asConflict } from './lead-conflict';
import { normalizeContact } from './lead-contact';
import type { CreateLead } from './lead-types';

/** Adds a lead to the agency in context; a phone or DNI another lead already has is a 409 naming that lead. */
export async function addLead({ db }: { db: Database }, body: CreateLead, settings: TenantSettings) {
  const data = normalizeContact(body, settings);
  return asConflict(
    db.forCurrentTenant(async (tx) => {
      if (data.assignedAgentId) await assertAssignableAgent(tx, data.assignedAgentId);
      return createLead(tx, data);
    }),
  );
}

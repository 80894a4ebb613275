import { workflowIds } from '../domain/temporal-contracts';
import type { Database } from '../prisma/client';
import { contactKeysFromDatabase } from '../temporal/contact-keys';

/** The ids the hand-off gives a contact's workflows, for tests that start, signal or read them directly. */
export async function conversationWorkflowIdOf(db: Database, tenantId: string, channel: string, contact: string): Promise<string> {
  return workflowIds.conversation(tenantId, channel, await contactKeysFromDatabase(db).of(tenantId, contact));
}

export async function leadIntakeWorkflowIdOf(db: Database, tenantId: string, phone: string): Promise<string> {
  return workflowIds.leadIntake(tenantId, await contactKeysFromDatabase(db).of(tenantId, phone));
}

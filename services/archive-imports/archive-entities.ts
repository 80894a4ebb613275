import type { Prisma } from '../../prisma/generated/client';

/**
 * A column naming another row of the archive. `fk`: PostgreSQL holds the reference, so a row naming a row the
 * archive does not bring is refused. `loose`: a plain id column (who sent, which campaign); it follows the
 * row it names when the archive brings it and is emptied when not, never left naming the exporting agency.
 */
export interface ArchiveReference {
  column: string;
  file: string;
  kind: 'fk' | 'loose';
}

export interface ImportedEntity {
  file: string;
  table: Prisma.ModelName;
  references: readonly ArchiveReference[];
  /** Column sets unique within an agency: a second row with the same values (or one the agency has) is refused. */
  unique: readonly (readonly string[])[];
  /** Columns set whatever the archive says: links to the exporting agency's workflows, secrets it never carried. */
  reset?: Readonly<Record<string, unknown>>;
}

/** Cannot verify any password (domain/passwords.ts reads only scrypt hashes): the user signs in once an admin sets one. */
export const NO_PASSWORD = 'imported$no-password';

const fk = (column: string, file: string): ArchiveReference => ({ column, file, kind: 'fk' });
const loose = (column: string, file: string): ArchiveReference => ({ column, file, kind: 'loose' });

/** What an archive import creates, in the order it creates it: every row after the rows it references. */
export const IMPORTED_ENTITIES: readonly ImportedEntity[] = [
  { file: 'users.jsonl', table: 'User', references: [], unique: [['email']], reset: { passwordHash: NO_PASSWORD, availability: 'OFFLINE', lastAssignedAt: null } },
  { file: 'properties.jsonl', table: 'Property', references: [], unique: [['externalRef']] },
  { file: 'leads.jsonl', table: 'Lead', references: [fk('assignedAgentId', 'users.jsonl')], unique: [['phone'], ['dni']] },
  { file: 'lead-events.jsonl', table: 'Event', references: [fk('leadId', 'leads.jsonl'), loose('actorId', 'users.jsonl')], unique: [] },
  { file: 'lead-property-interests.jsonl', table: 'LeadPropertyInterest', references: [fk('leadId', 'leads.jsonl'), fk('propertyId', 'properties.jsonl')], unique: [['leadId', 'propertyId']] },
  { file: 'visits.jsonl', table: 'Visit', references: [fk('leadId', 'leads.jsonl'), fk('propertyId', 'properties.jsonl'), fk('agentId', 'users.jsonl')], unique: [] },
  { file: 'conversations.jsonl', table: 'Conversation', references: [fk('leadId', 'leads.jsonl'), fk('assigneeId', 'users.jsonl')], unique: [], reset: { workflowId: null } },
  {
    file: 'campaigns.jsonl',
    table: 'Campaign',
    references: [loose('parentId', 'campaigns.jsonl'), loose('createdById', 'users.jsonl')],
    unique: [],
    reset: { workflowId: null },
  },
  {
    file: 'messages.jsonl',
    table: 'Message',
    references: [fk('conversationId', 'conversations.jsonl'), fk('leadId', 'leads.jsonl'), loose('campaignId', 'campaigns.jsonl'), loose('sentById', 'users.jsonl')],
    unique: [['providerMessageId'], ['idempotencyKey']],
  },
  {
    file: 'campaign-recipients.jsonl',
    table: 'CampaignRecipient',
    references: [fk('campaignId', 'campaigns.jsonl'), fk('leadId', 'leads.jsonl'), loose('messageId', 'messages.jsonl')],
    unique: [['campaignId', 'leadId'], ['campaignId', 'seq']],
  },
  { file: 'whatsapp-templates.jsonl', table: 'WhatsAppTemplate', references: [], unique: [['name', 'language']] },
  { file: 'assistants.jsonl', table: 'Assistant', references: [], unique: [] },
  { file: 'import-mappings.jsonl', table: 'ImportMapping', references: [], unique: [['entity', 'name']] },
];

export const TENANT_FILE = 'tenant.jsonl';
/** The agency's own record: only its settings come across (its name, slug and plan stay the importing agency's). */
export const TENANT_SETTINGS_COLUMNS = ['settings', 'timeZone', 'locale'] as const;

/** What an archive carries that an import leaves out, and why; `reconnect`: set up again in the new agency. */
export const NOT_IMPORTED: Readonly<Record<string, { reason: string; reconnect?: true }>> = {
  'api-keys.jsonl': { reason: 'API keys are credentials (the archive has no secrets): create new ones' },
  'audit-log.jsonl': { reason: "the exporting agency's history of who did what; the import is audited in this agency" },
  'imports.jsonl': { reason: "the exporting agency's spreadsheet imports (their undo belongs there)" },
  'import-rows.jsonl': { reason: "the exporting agency's spreadsheet import rows" },
  'integrations.jsonl': { reason: 'to reconnect: the archive carries no credentials', reconnect: true },
  'whatsapp-channels.jsonl': { reason: 'to reconnect: a WhatsApp number needs its verification and session again', reconnect: true },
  'meta-lead-pages.jsonl': { reason: 'to reconnect: a Facebook page feeds one agency at a time', reconnect: true },
};

/**
 * A campaign arrives as history: one that was sending or waiting to send is cancelled (nothing is sent from
 * an import, and its workflow belongs to the exporting agency); a draft stays a draft, a finished one as it ended.
 */
export function campaignAsHistory(row: Record<string, unknown>): Record<string, unknown> {
  if (!['SCHEDULED', 'RUNNING', 'PAUSED'].includes(String(row.status))) return row;
  return { ...row, status: 'CANCELLED', statusReason: `Cancelled by the archive import (was ${String(row.status)})`, completedAt: row.completedAt ?? null };
}

import type { Database } from '../client';
import type { Prisma } from '../generated/client';

/** One table of the agency export: the file it becomes, the key it is read in order of, and the columns it never shows. */
export interface ExportedEntity {
  file: string;
  table: Prisma.ModelName;
  key: readonly string[];
  /** Secrets and generated or internal columns; `tenantId` is left out of every row (the manifest names the agency). */
  omit: readonly string[];
}

export const EXPORTED_ENTITIES: readonly ExportedEntity[] = [
  { file: 'users.jsonl', table: 'User', key: ['id'], omit: ['passwordHash'] },
  { file: 'api-keys.jsonl', table: 'ApiKey', key: ['id'], omit: ['secretHash'] },
  { file: 'leads.jsonl', table: 'Lead', key: ['id'], omit: ['searchText', 'searchZoneKey'] },
  { file: 'lead-events.jsonl', table: 'Event', key: ['id'], omit: [] },
  { file: 'properties.jsonl', table: 'Property', key: ['id'], omit: [] },
  { file: 'lead-property-interests.jsonl', table: 'LeadPropertyInterest', key: ['id'], omit: [] },
  { file: 'visits.jsonl', table: 'Visit', key: ['id'], omit: [] },
  { file: 'conversations.jsonl', table: 'Conversation', key: ['id'], omit: [] },
  { file: 'messages.jsonl', table: 'Message', key: ['id'], omit: [] },
  { file: 'campaigns.jsonl', table: 'Campaign', key: ['id'], omit: [] },
  { file: 'campaign-recipients.jsonl', table: 'CampaignRecipient', key: ['id'], omit: [] },
  { file: 'integrations.jsonl', table: 'TenantIntegration', key: ['id'], omit: ['encryptedConfig', 'keyId'] },
  { file: 'whatsapp-channels.jsonl', table: 'WhatsAppChannel', key: ['id'], omit: ['verifyTokenHash', 'webSessionId'] },
  { file: 'whatsapp-templates.jsonl', table: 'WhatsAppTemplate', key: ['id'], omit: [] },
  { file: 'assistants.jsonl', table: 'Assistant', key: ['id'], omit: [] },
  { file: 'meta-lead-pages.jsonl', table: 'MetaLeadPage', key: ['id'], omit: [] },
  { file: 'audit-log.jsonl', table: 'AuditLog', key: ['id'], omit: [] },
  { file: 'imports.jsonl', table: 'DataImport', key: ['id'], omit: [] },
  { file: 'import-rows.jsonl', table: 'DataImportRow', key: ['importId', 'row'], omit: [] },
  { file: 'import-mappings.jsonl', table: 'ImportMapping', key: ['id'], omit: [] },
];

/** Tenant-owned tables the export leaves out, and why (shown in the manifest). */
export const OMITTED_ENTITIES: Readonly<Partial<Record<Prisma.ModelName, string>>> = {
  Outbox: 'internal hand-offs to the workflow engine, deleted once delivered',
  PendingStatus: 'internal delivery statuses waiting for the message they name',
  WebhookDelivery: 'raw provider webhook bodies; what they carried is in leads, conversations and messages',
  AuthSession: 'login sessions (token hashes) are credentials',
  Upload: 'files sent for an import, kept a day; what they brought is in the imported rows',
  UploadChunk: 'the bytes of those files',
};

/** Columns left out of every row, beyond each entity's own `omit`. */
const OMITTED_EVERYWHERE = ['tenantId'];
export const TENANT_OMITTED_COLUMNS = ['contactKeySalt'];

const quoted = (column: string) => `"${column}"`;

/** How many rows of each entity the agency has (row-level security scopes every count). */
export async function countAgencyRows(db: Database, tenantId: string): Promise<Record<string, number>> {
  return db.sqlInTenant(tenantId, async (query) => {
    const counts: Record<string, number> = {};
    for (const entity of EXPORTED_ENTITIES) {
      const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted(entity.table)} WHERE "tenantId" = $1`, [tenantId]);
      counts[entity.file] = row?.n ?? 0;
    }
    return counts;
  });
}

/** The agency's own record as one JSON object, without its contact-key salt. */
export async function readAgencyRecord(db: Database, tenantId: string): Promise<string | undefined> {
  const [row] = await db.sqlInTenant(tenantId, (query) => query<{ line: string }>(`SELECT (to_jsonb(t) - $2::text[])::text AS line FROM "Tenant" t WHERE id = $1`, [tenantId, TENANT_OMITTED_COLUMNS]));
  return row?.line;
}

/**
 * The agency's rows of one entity as JSON texts, in key order, one short transaction per batch: a slow
 * download never holds a connection or a transaction open between batches.
 */
export async function* readAgencyRows(db: Database, tenantId: string, entity: ExportedEntity, batchSize = 1000): AsyncGenerator<string[]> {
  const keys = entity.key.map((column) => `t.${quoted(column)}`).join(', ');
  const keyTexts = entity.key.map((column, index) => `t.${quoted(column)}::text AS k${index}`).join(', ');
  const after = entity.key.map((_column, index) => `$${index + 4}`).join(', ');
  const head = `SELECT (to_jsonb(t) - $2::text[])::text AS line, ${keyTexts} FROM ${quoted(entity.table)} t WHERE t."tenantId" = $1`;
  const tail = `ORDER BY ${keys} LIMIT $3`;
  const omit = [...OMITTED_EVERYWHERE, ...entity.omit];
  let cursor: string[] | undefined;
  for (;;) {
    const text = cursor ? `${head} AND (${keys}) > (${after}) ${tail}` : `${head} ${tail}`;
    const values = [tenantId, omit, batchSize, ...(cursor ?? [])];
    const rows = await db.sqlInTenant(tenantId, (query) => query<Record<string, string>>(text, values));
    if (rows.length === 0) return;
    yield rows.map((row) => row.line!);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    cursor = entity.key.map((_column, index) => last[`k${index}`]!);
  }
}

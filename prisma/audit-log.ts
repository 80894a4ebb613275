import type { SqlQuery, TenantTx } from './client';
import { tenantContext } from './tenant-context';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | (string & {});
  entity: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|secret|token|apikey|api_key|hash/i;

/** Audit snapshots never carry credentials, whatever the caller passes. */
function redact(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key && SECRET_KEYS.test(key) ? '[redacted]' : inner))) as unknown;
}

/** The audit row for an entry, by whoever the current context acts for. */
function auditRow(entry: AuditEntry, caller: string) {
  const { tenantId, actor } = tenantContext.require(caller);
  return {
    tenantId,
    actorType: actor.type,
    actorId: actor.id ?? null,
    ip: actor.ip ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    before: redact(entry.before) ?? undefined,
    after: redact(entry.after) ?? undefined,
  };
}

/** Records who changed what, in the same transaction as the change. */
export async function recordAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(entry, 'recordAudit') });
}

const jsonText = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** As recordAudit, in a transaction of pg's (Database.sqlInTenant) rather than Prisma's. */
export async function recordAuditSql(query: SqlQuery, entry: AuditEntry): Promise<void> {
  const row = auditRow(entry, 'recordAuditSql');
  await query(
    `INSERT INTO "AuditLog" (id, "tenantId", "actorType", "actorId", ip, action, entity, "entityId", before, after, "createdAt")
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, astor_utc_now())`,
    [row.tenantId, row.actorType, row.actorId, row.ip, row.action, row.entity, row.entityId, jsonText(row.before), jsonText(row.after)],
  );
}

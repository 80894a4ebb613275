import { AppError } from '../../domain/app-error';
import { columnMappingSchema, suggestMapping, type ColumnMapping } from '../../domain/imports/column-mapping';
import type { ImportEntity } from '../../domain/imports/import-fields';
import { readSheet, type Sheet } from '../../domain/imports/read-sheet';
import { validateRows } from '../../domain/imports/validate-rows';
import { readTenantSettings } from '../../domain/tenant-settings';
import { recordAuditSql } from '../../prisma/audit-log';
import type { Database } from '../../prisma/client';
import { importTargetOf, insertDryRun, planRows, storePlannedRows } from '../../prisma/repositories/imports/import-rows';
import { tenantContext } from '../../prisma/tenant-context';
import { entityRow } from './import-records';

/** Without these mapped, every row would be refused: the mapping is refused instead, naming what is missing. */
const REQUIRED: Record<ImportEntity, { anyOf: string[] }[]> = {
  leads: [{ anyOf: ['phone', 'email', 'dni'] }],
  properties: [{ anyOf: ['title'] }, { anyOf: ['price'] }, { anyOf: ['operation'] }, { anyOf: ['type'] }, { anyOf: ['zone'] }],
};

function mappingFor(entity: ImportEntity, sheet: Sheet, columns: Record<string, string | null> | undefined): ColumnMapping {
  if (!columns) return suggestMapping(entity, sheet.headers);
  const parsed = columnMappingSchema.safeParse({ entity, columns });
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The column mapping is not valid', { es: 'La asignación de columnas no es válida', fields: parsed.error.issues.map((issue) => ({ path: ['columns', ...issue.path.slice(1)].join('.'), message: issue.message, code: issue.code })) });
  }
  const unknown = Object.keys(parsed.data.columns).filter((header) => !sheet.headers.includes(header));
  if (unknown.length) throw new AppError('validation_failed', `The file has no column ${unknown[0]}`, { es: `El archivo no tiene la columna ${unknown[0]}`, fields: [{ path: 'columns', message: `names headers the file does not have: ${unknown.join(', ')}`, code: 'unknown_column' }] });
  return parsed.data;
}

function assertRequiredMapped(entity: ImportEntity, mapping: ColumnMapping): void {
  const mapped = new Set(Object.values(mapping.columns));
  const missing = REQUIRED[entity].filter(({ anyOf }) => !anyOf.some((field) => mapped.has(field as never)));
  if (!missing.length) return;
  const names = missing.map(({ anyOf }) => anyOf.join(' / ')).join(', ');
  throw new AppError('unprocessable', `Map a column to ${names}`, { es: `Asigná una columna a ${names}`, fields: [{ path: 'columns', message: `no column fills ${names}`, code: 'required' }] });
}

/**
 * Reads the file, checks every row with the agency's rules and compares it with the agency's records, storing the
 * verdicts (create, merge with what it changes, refuse with why) without touching a lead or property. The file
 * itself is not kept. The plan is written through pg, not Prisma (see storePlannedRows). Answers the import's id.
 */
export async function dryRunImport({ db }: { db: Database }, input: { entity: ImportEntity; fileName: string; content: Buffer; columns?: Record<string, string | null> }): Promise<string> {
  const sheet = await readSheet(input.content);
  const mapping = mappingFor(input.entity, sheet, input.columns);
  assertRequiredMapped(input.entity, mapping);
  const { tenantId, actor } = tenantContext.require('dry-run import');
  const rows = await db.forCurrentTenant(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true, locale: true } });
    const results = validateRows({ mapping, sheet, country: readTenantSettings(tenant.settings, tenant.locale).defaultCountry });
    return planRows(tx, importTargetOf(entityRow(input.entity)), results);
  });
  const planned = { rows: rows.length, create: rows.filter((row) => row.outcome === 'CREATE').length, merge: rows.filter((row) => row.outcome === 'MERGE').length, refuse: rows.filter((row) => row.outcome === 'REFUSE').length };
  return db.sqlInTenant(tenantId, async (query) => {
    const created = await insertDryRun(query, { entity: entityRow(input.entity), fileName: input.fileName, headers: sheet.headers, mapping, planned, createdById: actor.type === 'user' ? (actor.id ?? null) : null });
    await storePlannedRows(query, created, rows);
    await recordAuditSql(query, { action: 'import.dry_run', entity: 'DataImport', entityId: created, after: { fileName: input.fileName, entity: input.entity, planned } });
    return created;
  });
}

import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { Database } from '../../prisma/client';
import { EXPORTED_ENTITIES, OMITTED_ENTITIES, TENANT_OMITTED_COLUMNS, readAgencyRecord, readAgencyRows, type ExportedEntity } from '../../prisma/repositories/agency-export';
import type { AgencyExport } from './prepare-agency-export';

export const EXPORT_FORMAT = 'astor-agency-export';
export const EXPORT_VERSION = 1;

/**
 * Streams the agency's archive into `output` (the HTTP response): one JSON Lines entry per entity, read
 * in keyset batches as the client takes the bytes, then `manifest.json` with the rows each entry got.
 * Nothing is written to disk.
 */
export async function writeAgencyArchive({ db }: { db: Database }, plan: AgencyExport, output: Writable): Promise<void> {
  const zip = new ZipFile();
  const written: Record<string, number> = {};
  const fail = (error: Error) => zip.outputStream.destroy(error);
  const lazily = (file: string, lines: () => AsyncGenerator<string>) =>
    zip.addReadStreamLazy(file, { mtime: plan.startedAt }, (callback) => callback(null, Readable.from(lines()).on('error', fail)));

  lazily('tenant.jsonl', async function* () {
    const record = await readAgencyRecord(db, plan.tenant.id);
    written['tenant.jsonl'] = record ? 1 : 0;
    if (record) yield `${record}\n`;
  });
  for (const entity of EXPORTED_ENTITIES) lazily(entity.file, () => entityLines(db, plan.tenant.id, entity, written));
  // Reached only after every entry before it was written, so its counts are the archive's own.
  lazily('manifest.json', async function* () {
    yield JSON.stringify(manifestOf(plan, written), null, 2);
  });
  zip.end();
  await pipeline(zip.outputStream, output);
}

async function* entityLines(db: Database, tenantId: string, entity: ExportedEntity, written: Record<string, number>): AsyncGenerator<string> {
  let rows = 0;
  written[entity.file] = rows;
  for await (const batch of readAgencyRows(db, tenantId, entity)) {
    rows += batch.length;
    written[entity.file] = rows;
    yield `${batch.join('\n')}\n`;
  }
}

function manifestOf(plan: AgencyExport, written: Record<string, number>) {
  const entity = (file: string, table: string, omittedColumns: readonly string[]) => ({ file, table, rows: written[file] ?? 0, omittedColumns });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: plan.startedAt.toISOString(),
    tenant: plan.tenant,
    entities: [entity('tenant.jsonl', 'Tenant', TENANT_OMITTED_COLUMNS), ...EXPORTED_ENTITIES.map((e) => entity(e.file, e.table, ['tenantId', ...e.omit]))],
    omitted: OMITTED_ENTITIES,
  };
}

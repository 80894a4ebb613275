import type { ArchiveTables } from '../../prisma/repositories/archive-imports';
import { IMPORTED_ENTITIES, TENANT_FILE } from './archive-entities';

/** Where each archive file's rows go, for the batches that create and delete them. */
export const ARCHIVE_TABLES: ArchiveTables = {
  tableOf: (file) => IMPORTED_ENTITIES.find((entity) => entity.file === file)?.table,
  tenantFile: TENANT_FILE,
};

/** Every reference PostgreSQL holds between imported tables: what undo checks for rows added since. */
export const ARCHIVE_FOREIGN_KEYS = IMPORTED_ENTITIES.flatMap((entity) => entity.references.filter((reference) => reference.kind === 'fk').map((reference) => ({ table: entity.table, column: reference.column, file: reference.file })));

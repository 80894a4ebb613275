import { z } from 'zod';
import { IMPORT_ENTITIES } from '../../domain/imports/import-fields';
import { columnMappingSchema } from '../../domain/imports/column-mapping';
import { pageOf, pageQuery } from '../http/pagination';
import { text } from '../http/schemas';

export const importFile = {
  entity: z.enum(IMPORT_ENTITIES),
  /** The file (CSV or XLSX, up to 20 MB) sent to POST /uploads, kept a day: a preview and any number of dry runs read it. */
  uploadId: z.uuid(),
};

export const previewImportBody = z.strictObject(importFile);

export const createImportBody = z.strictObject({
  ...importFile,
  /** The header → field mapping to use; without it, the one suggested from the headers. */
  columns: z.record(z.string(), z.string().nullable()).optional(),
});

const mappingColumns = z.record(z.string(), z.string().nullable());

export const importPreviewSchema = z.object({
  headers: z.array(z.string()),
  rows: z.number().int(),
  sample: z.array(z.array(z.string())),
  suggested: mappingColumns,
  fields: z.array(z.string()),
});

const rowCounts = { create: z.number().int(), merge: z.number().int(), refuse: z.number().int() };

export const importSchema = z.object({
  id: z.uuid(),
  entity: z.enum(IMPORT_ENTITIES),
  status: z.enum(['DRY_RUN', 'APPLYING', 'APPLIED', 'UNDOING', 'UNDONE', 'FAILED']),
  fileName: z.string(),
  headers: z.array(z.string()),
  columns: mappingColumns,
  planned: z.object({ rows: z.number().int(), ...rowCounts }),
  applied: z.object({ rows: z.number().int(), created: z.number().int(), merged: z.number().int(), refused: z.number().int() }),
  undo: z.object({ undone: z.number().int(), kept: z.number().int(), gone: z.number().int() }),
  totalsBefore: z.number().int().nullable(),
  totalsAfter: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  appliedAt: z.iso.datetime().nullable(),
  undoneAt: z.iso.datetime().nullable(),
  /** Until when undo is offered (7 days after applying). */
  undoUntil: z.iso.datetime().nullable(),
});

export const importListSchema = z.object({ items: z.array(importSchema.omit({ headers: true, columns: true })) });

export const importRowsQuery = z.strictObject({ outcome: z.enum(['CREATE', 'MERGE', 'REFUSE']).optional(), undo: z.enum(['undone', 'kept', 'gone']).optional(), ...pageQuery });

export const importRowSchema = z.object({
  id: z.string(),
  row: z.number().int(),
  outcome: z.enum(['CREATE', 'MERGE', 'REFUSE']),
  values: z.record(z.string(), z.unknown()).nullable(),
  errors: z.array(z.object({ field: z.string(), column: z.string().nullable(), code: z.string(), message: z.string() })).nullable(),
  targetId: z.uuid().nullable(),
  intoRow: z.number().int().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  appliedAt: z.iso.datetime().nullable(),
  undo: z.enum(['undone', 'kept', 'gone']).nullable(),
});

export const importRowsPageSchema = pageOf(importRowSchema);

export const importMappingBody = z.strictObject({ name: text(80), mapping: columnMappingSchema });
export const importMappingSchema = z.object({ id: z.uuid(), name: z.string(), entity: z.enum(IMPORT_ENTITIES), columns: mappingColumns, updatedAt: z.iso.datetime() });
export const importMappingListSchema = z.object({ items: z.array(importMappingSchema) });

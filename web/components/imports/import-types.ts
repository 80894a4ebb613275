import type { z } from 'zod';
import type { importListSchema, importMappingSchema, importPreviewSchema, importRowSchema, importSchema } from '../../../api/contracts/imports.schemas';

export type ImportEntity = z.infer<typeof importSchema>['entity'];
export type DataImport = z.infer<typeof importSchema>;
export type ImportListItem = z.infer<typeof importListSchema>['items'][number];
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type ImportRow = z.infer<typeof importRowSchema>;
export type SavedMapping = z.infer<typeof importMappingSchema>;
/** Each header of the file to the Astor field it fills, or null to leave the column out. */
export type Columns = Record<string, string | null>;

/** The file the admin picked, sent once to /uploads (kept a day) and read again by each dry run. */
export interface ChosenFile {
  entity: ImportEntity;
  uploadId: string;
  fileName: string;
}

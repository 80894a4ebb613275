import { suggestMapping } from '../../domain/imports/column-mapping';
import { IMPORT_FIELDS, type ImportEntity } from '../../domain/imports/import-fields';
import { readSheet } from '../../domain/imports/read-sheet';

const SAMPLE_ROWS = 5;

/** The file's headers, first rows and the suggested mapping, for the admin to check before the dry run. Stores nothing. */
export async function previewImport(input: { entity: ImportEntity; content: Buffer }) {
  const sheet = await readSheet(input.content);
  return { headers: sheet.headers, rows: sheet.rows.length, sample: sheet.rows.slice(0, SAMPLE_ROWS), suggested: suggestMapping(input.entity, sheet.headers).columns, fields: [...IMPORT_FIELDS[input.entity]] };
}

import { AppError } from '../app-error';
import { isStorableText } from '../storable-text';
import { readCsvRecords } from './read-csv';
import { readXlsxRecords } from './read-xlsx';
import { fileTooLarge, SHEET_LIMITS, tooManyRows, unreadableFile, type SheetLimits } from './sheet-limits';
import type { SheetRecord } from './sheet-record';

export type SheetKind = 'csv' | 'xlsx';

/**
 * An uploaded file as text: one header per column (unique, never blank) and the data rows, each as wide as the
 * headers, with the row number a spreadsheet shows for it. Cells are kept as written: validation refuses a row
 * whose cells cannot be stored, never the whole file.
 */
export interface Sheet {
  headers: string[];
  rows: string[][];
  rowNumbers: number[];
}

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const LEGACY_OFFICE = [0xd0, 0xcf, 0x11, 0xe0];

/** The bytes decide when they can (an .xlsx is a zip), so a mislabelled upload is still read right. */
function kindOf(bytes: Buffer, declared: SheetKind | undefined): SheetKind {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, LEGACY_OFFICE) || declared === 'xlsx') {
    throw new AppError('unsupported_media_type', 'Only .xlsx and CSV files can be imported; save the file as one of those', {
      es: 'Solo se pueden importar archivos .xlsx o CSV; guardá el archivo en uno de esos formatos',
    });
  }
  return 'csv';
}

/** Blank headers are named by their column (`#3`), repeated ones numbered (`Teléfono (2)`), so a saved mapping can name each. */
function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const header = cell.trim() || `#${index + 1}`;
    const times = (seen.get(header) ?? 0) + 1;
    seen.set(header, times);
    return times === 1 ? header : `${header} (${times})`;
  });
}

function toSheet([headerRecord, ...data]: SheetRecord[], maxRows: number): Sheet {
  if (!headerRecord) throw unreadableFile('The file is empty', 'El archivo está vacío');
  if (!headerRecord.cells.every(isStorableText)) {
    throw unreadableFile('The header row cannot be read; save the file as UTF-8 CSV or .xlsx', 'No se puede leer la fila de títulos; guardá el archivo como CSV UTF-8 o .xlsx');
  }
  if (data.length === 0) throw unreadableFile('The file has a header row but no rows below it', 'El archivo tiene la fila de títulos pero ninguna fila de datos');
  if (data.length > maxRows) throw tooManyRows(maxRows);
  const lastNamed = headerRecord.cells.findLastIndex((cell) => cell.trim() !== '');
  const headers = uniqueHeaders(headerRecord.cells.slice(0, lastNamed + 1));
  const rows = data.map(({ cells }) => Array.from({ length: headers.length }, (_, index) => cells[index] ?? ''));
  return { headers, rows, rowNumbers: data.map((record) => record.number) };
}

/** Reads the first sheet of an XLSX or a CSV (`,` `;` or tab, UTF-8 or Latin-1), refusing files past the import limits. */
export async function readSheet(file: Buffer, options: { kind?: SheetKind; limits?: SheetLimits } = {}): Promise<Sheet> {
  const limits = options.limits ?? SHEET_LIMITS;
  if (file.length > limits.maxBytes) throw fileTooLarge(limits.maxBytes);
  if (file.length === 0) throw unreadableFile('The file is empty', 'El archivo está vacío');
  const records = kindOf(file, options.kind) === 'xlsx' ? await readXlsxRecords(file, limits.maxRows) : readCsvRecords(file, limits.maxRows);
  return toSheet(records, limits.maxRows);
}

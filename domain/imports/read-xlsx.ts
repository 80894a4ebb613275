import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { AppError } from '../app-error';
import { tooManyRows, unreadableFile } from './sheet-limits';
import type { SheetRecord } from './sheet-record';

/** Excel keeps 15 significant digits; beyond them a double shows noise (0.30000000000000004) nobody typed. */
const numberText = (value: number) => String(Number(value.toPrecision(15)));

/** A cell as the text an import reads: dates as yyyy-mm-dd, numbers unformatted, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellText(value.result ?? null);
  return '';
}

interface SheetRows extends AsyncIterable<{ number: number; values: unknown }> {
  name?: string;
}

/**
 * Non-blank rows of the workbook's first sheet, read as a stream: only the shared strings and the
 * rows' text are held, never the whole workbook model (a 50,000-row sheet fits in a small heap).
 */
export async function readXlsxRecords(bytes: Buffer, maxRows: number): Promise<SheetRecord[]> {
  // Loaded on the first XLSX read: exceljs and its zip libraries are a large part of a process's memory.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let records: SheetRecord[] | undefined;
  try {
    // Every sheet is passed over, so exceljs removes the temporary files it may keep for the others.
    for await (const sheet of workbook as AsyncIterable<SheetRows>) {
      const first = (workbook as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.[0]?.name;
      if (!records && (first === undefined || sheet.name === first)) records = await rowsOf(sheet, maxRows);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadableFile('The XLSX file cannot be read; open it in Excel and save it again as .xlsx or CSV', 'No se puede leer el archivo XLSX; abrilo en Excel y guardalo de nuevo como .xlsx o CSV');
  }
  return records ?? [];
}

async function rowsOf(sheet: SheetRows, maxRows: number): Promise<SheetRecord[]> {
  const records: SheetRecord[] = [];
  for await (const row of sheet) {
    const values = row.values as ExcelJS.CellValue[];
    const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, index) => cellText(values[index + 1]));
    if (!cells.some((cell) => cell.trim() !== '')) continue;
    if (records.length > maxRows) throw tooManyRows(maxRows);
    records.push({ number: row.number, cells });
  }
  return records;
}

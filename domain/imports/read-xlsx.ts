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

type Excel = typeof ExcelJS;

/**
 * Non-blank rows of the workbook's first sheet. Read as a stream, only the shared strings and the
 * rows' text are held (a 50,000-row sheet fits in a small heap); a workbook the stream reader cannot
 * follow (its parts in an order it does not expect) is loaded whole instead, as before.
 */
export async function readXlsxRecords(bytes: Buffer, maxRows: number): Promise<SheetRecord[]> {
  // Loaded on the first XLSX read: exceljs and its zip libraries are a large part of a process's memory.
  const { default: Excel } = await import('exceljs');
  const streamed = await streamRecords(Excel, bytes, maxRows).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    return undefined;
  });
  return streamed ?? loadRecords(Excel, bytes, maxRows);
}

async function streamRecords(Excel: Excel, bytes: Buffer, maxRows: number): Promise<SheetRecord[] | undefined> {
  const workbook = new Excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let records: SheetRecord[] | undefined;
  let unnamed: SheetRecord[] | undefined;
  // Every sheet is passed over, so exceljs removes the temporary files it may keep for the others.
  for await (const sheet of workbook as AsyncIterable<SheetRows>) {
    const names = ((workbook as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((named) => named.name);
    if (records) continue;
    if (sheet.name === names[0]) records = await rowsOf(sheet, maxRows);
    // A sheet exceljs could not tie to the workbook's list (openpyxl writes absolute paths) is read in case it is the first.
    else if (!unnamed && !names.includes(sheet.name ?? '')) unnamed = await rowsOf(sheet, maxRows);
  }
  return records ?? unnamed;
}

async function rowsOf(sheet: AsyncIterable<{ number: number; values: unknown }>, maxRows: number): Promise<SheetRecord[]> {
  const records: SheetRecord[] = [];
  for await (const row of sheet) {
    const values = row.values as ExcelJS.CellValue[];
    // The stream reader leaves shared strings unresolved in some part orders: the workbook is then loaded whole.
    if (values.some((value) => typeof value === 'object' && value !== null && 'sharedString' in value)) throw new Error('unresolved shared string');
    const record = recordOf(row.number, values);
    if (!record) continue;
    if (records.length > maxRows) throw tooManyRows(maxRows);
    records.push(record);
  }
  return records;
}

async function loadRecords(Excel: Excel, bytes: Buffer, maxRows: number): Promise<SheetRecord[]> {
  const workbook = new Excel.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer (JSZip reads either); copying gives one of exactly that type.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    throw unreadableFile('The XLSX file cannot be read; open it in Excel and save it again as .xlsx or CSV', 'No se puede leer el archivo XLSX; abrilo en Excel y guardalo de nuevo como .xlsx o CSV');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.actualRowCount > maxRows + 1) throw tooManyRows(maxRows);
  const records: SheetRecord[] = [];
  sheet.eachRow((row, number) => {
    const record = recordOf(number, row.values as ExcelJS.CellValue[]);
    if (record) records.push(record);
  });
  return records;
}

/** A row's cells as text (`values` counts from 1), or nothing for a blank row. */
function recordOf(number: number, values: ExcelJS.CellValue[]): SheetRecord | undefined {
  const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, index) => cellText(values[index + 1]));
  return cells.some((cell) => cell.trim() !== '') ? { number, cells } : undefined;
}

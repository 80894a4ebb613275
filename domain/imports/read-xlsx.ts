import type ExcelJS from 'exceljs';
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

/** Non-blank rows of the workbook's first sheet. */
export async function readXlsxRecords(bytes: Buffer, maxRows: number): Promise<SheetRecord[]> {
  // Loaded on the first XLSX read: exceljs and its zip libraries are a large part of a process's memory.
  const { default: Excel } = await import('exceljs');
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
  const width = sheet.columnCount;
  const records: SheetRecord[] = [];
  sheet.eachRow((row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells = Array.from({ length: width }, (_, index) => cellText(values[index + 1]));
    if (cells.some((cell) => cell.trim() !== '')) records.push({ number, cells });
  });
  return records;
}

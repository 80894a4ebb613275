import { CsvError, parse } from 'csv-parse/sync';
import { tooManyRows, unreadableFile } from './sheet-limits';
import type { SheetRecord } from './sheet-record';

/** UTF-16 when its BOM says so (Excel's "Unicode text"), UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Latin-1 exports). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The candidate that splits the header line most often; Spanish-locale Excel writes `;` because `,` is its decimal mark. */
function detectDelimiter(text: string): string {
  const headerLine = text.slice(0, 64 * 1024).replace(/"[^"]*"/g, '').split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  const count = (delimiter: string) => headerLine.split(delimiter).length - 1;
  return DELIMITERS.reduce((best, candidate) => (count(candidate) > count(best) ? candidate : best));
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * Non-blank records with their row number as a spreadsheet shows the file (a quoted multi-line cell stays one row).
 * Stops as soon as the data rows pass `maxRows`, so a huge file is refused without being held whole.
 */
export function readCsvRecords(bytes: Buffer, maxRows: number): SheetRecord[] {
  const text = decode(bytes);
  const records: SheetRecord[] = [];
  try {
    parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      on_record: (cells: string[], context) => {
        if (isBlank(cells)) return null;
        if (records.length > maxRows) throw tooManyRows(maxRows);
        records.push({ number: context.records, cells });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw unreadableFile(`The CSV file cannot be read: ${error.message}`, `No se puede leer el archivo CSV (${error.message}); revisá que las comillas estén cerradas`);
  }
  return records;
}

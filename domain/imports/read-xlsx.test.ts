import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { SHEET_LIMITS } from './sheet-limits';

const HEAP_MB = 128;

/** The largest sheet an import accepts, as an agency's CRM export would have it: 12 columns, shared strings, dates. */
async function writeLargestSheet(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet('Leads');
  sheet.addRow(['Nombre', 'Apellido', 'Celular', 'Email', 'DNI', 'Zona', 'Operación', 'Tipo', 'Presupuesto', 'Alta', 'Etiquetas', 'Notas']).commit();
  for (let i = 0; i < SHEET_LIMITS.maxRows; i += 1) {
    const row = [`Nombre${i}`, `Apellido${i % 977}`, 5491100000000 + i, `lead${i}@example.com`, 20000000 + i, ['Palermo', 'Belgrano', 'Núñez'][i % 3], 'Venta', 'Departamento', 100000 + i];
    sheet.addRow([...row, new Date(Date.UTC(2026, i % 12, 1 + (i % 28))), 'inversor, 2 ambientes', `Nota número ${i}`]).commit();
  }
  await writer.commit();
}

describe('reading an XLSX', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'astor-xlsx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`reads the largest sheet an import accepts within a ${HEAP_MB} MB heap, as a stream`, async () => {
    const file = path.join(dir, 'largest.xlsx');
    await writeLargestSheet(file);
    const read = `require(${JSON.stringify(path.join(__dirname, 'read-sheet'))}).readSheet(require('node:fs').readFileSync(${JSON.stringify(file)})).then((sheet) => console.log(JSON.stringify({ rows: sheet.rows.length, last: sheet.rows.at(-1) })))`;
    const { stdout } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', '-e', read]);
    const last = SHEET_LIMITS.maxRows - 1;
    expect(JSON.parse(stdout)).toEqual({
      rows: SHEET_LIMITS.maxRows,
      last: [`Nombre${last}`, `Apellido${last % 977}`, String(5491100000000 + last), `lead${last}@example.com`, String(20000000 + last), 'Belgrano', 'Venta', 'Departamento', String(100000 + last), '2026-08-20', 'inversor, 2 ambientes', `Nota número ${last}`],
    });
  }, 120_000);
});

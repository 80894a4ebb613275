import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SHEET_LIMITS } from './sheet-limits';
import { writeLargestSheet } from './testing/largest-sheet';

const HEAP_MB = 128;

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

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError } from '../app-error';
import { readSheet } from './read-sheet';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const withBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(read: Promise<unknown>): Promise<AppError> {
  const error = await read.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('readSheet with CSV', () => {
  it('reads a Spanish Excel export: semicolons, a UTF-8 BOM and accents', async () => {
    const sheet = await readSheet(withBom('Nombre y apellido;Teléfono;Precio\nMaría Núñez;011 15 2345-6789;120.000,50\n'));
    expect(sheet).toEqual({ headers: ['Nombre y apellido', 'Teléfono', 'Precio'], rows: [['María Núñez', '011 15 2345-6789', '120.000,50']], rowNumbers: [2] });
  });

  it('decodes a Latin-1 (Windows-1252) file whose bytes are not UTF-8', async () => {
    const sheet = await readSheet(latin1('Nombre;Teléfono;Zona\r\nJosé Muñoz;1123456789;Belgrano\r\n'));
    expect(sheet.headers).toEqual(['Nombre', 'Teléfono', 'Zona']);
    expect(sheet.rows).toEqual([['José Muñoz', '1123456789', 'Belgrano']]);
  });

  it.each([
    ['comma', 'name,phone\n"Pérez, Ana",123\n'],
    ['tab', 'name\tphone\nPérez, Ana\t123\n'],
    ['semicolon with a quoted header holding commas', '"name, full";phone\nPérez, Ana;123\n'],
  ])('detects the %s delimiter', async (_name, text) => {
    const sheet = await readSheet(utf8(text));
    expect(sheet.rows).toEqual([['Pérez, Ana', '123']]);
  });

  it('numbers rows as a spreadsheet shows them, skipping blank lines and keeping a quoted line break in its cell', async () => {
    const sheet = await readSheet(utf8('name;notes\n\nAna;"first\nsecond"\n;\nLuis;x\n'));
    expect(sheet.rows).toEqual([
      ['Ana', 'first\nsecond'],
      ['Luis', 'x'],
    ]);
    expect(sheet.rowNumbers).toEqual([3, 5]);
  });

  it('names blank and repeated headers so a mapping can tell them apart, and evens out short and long rows', async () => {
    const sheet = await readSheet(utf8('Teléfono,,Teléfono\n1,2\n1,2,3,4\n'));
    expect(sheet.headers).toEqual(['Teléfono', '#2', 'Teléfono (2)']);
    expect(sheet.rows).toEqual([
      ['1', '2', ''],
      ['1', '2', '3'],
    ]);
  });

  it('keeps a cell PostgreSQL cannot store as it is, for validation to refuse that row only', async () => {
    const sheet = await readSheet(utf8('name;phone\nAna\u0000;1\nLuis;2\n'));
    expect(sheet.rows).toEqual([
      ['Ana\u0000', '1'],
      ['Luis', '2'],
    ]);
  });

  it('accepts exactly 50,000 data rows and refuses 50,001, naming the limit', async () => {
    const file = (rows: number) => utf8(`phone\n${'1123456789\n'.repeat(rows)}`);
    expect((await readSheet(file(50_000))).rows).toHaveLength(50_000);
    const error = await refusal(readSheet(file(50_001)));
    expect(error).toMatchObject({ code: 'payload_too_large', extra: { data: { limit: 'maxRows', maxRows: 50_000 } } });
    expect(error.message).toContain('50,000');
    expect(error.extra.es).toContain('50.000');
  });

  it('refuses a file over 20 MB before reading it', async () => {
    const error = await refusal(readSheet(Buffer.alloc(20 * 1024 * 1024 + 1, 'a')));
    expect(error).toMatchObject({ code: 'payload_too_large', extra: { data: { limit: 'maxBytes' } } });
    expect(error.message).toContain('20 MB');
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['a file of blank lines', utf8('\n;;\n\n'), 'empty'],
    ['a header row without data', utf8('name;phone\n'), 'no rows below'],
    ['an unclosed quote', utf8('name;phone\n"Ana;1\n'), 'cannot be read'],
    ['a header row that is not text', Buffer.from([0x6e, 0x00, 0x61, 0x00, 0x0a, 0x00, 0x31]), 'header row cannot be read'],
  ])('refuses %s', async (_name, file, message) => {
    const error = await refusal(readSheet(file));
    expect(error.code).toBe('unprocessable');
    expect(error.message).toContain(message);
    expect(error.extra.es).toBeTruthy();
  });

  it('refuses a legacy .xls file and text declared as XLSX', async () => {
    const legacy = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(refusal(readSheet(legacy))).resolves.toMatchObject({ code: 'unsupported_media_type' });
    await expect(refusal(readSheet(utf8('name\nAna\n'), { kind: 'xlsx' }))).resolves.toMatchObject({ code: 'unsupported_media_type' });
  });
});

describe('readSheet with XLSX', () => {
  it('reads the first sheet: dates as yyyy-mm-dd, numbers unformatted, formulas by result, rich text and links as text', async () => {
    const file = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('Leads');
      sheet.addRow(['Nombre', 'Celular', 'Presupuesto', 'Alta', 'Total', 'Web']);
      sheet.addRow([
        { richText: [{ text: 'Ana ' }, { text: 'Pérez', font: { bold: true } }] },
        5491123456789,
        120000.5,
        new Date(Date.UTC(2026, 2, 7)),
        { formula: 'C2*2', result: 0.1 + 0.2 },
        { text: 'sitio', hyperlink: 'https://example.com' },
      ]);
      sheet.addRow([]);
      sheet.addRow(['Luis', null, 1234567, null, null, null]);
      workbook.addWorksheet('Otra').addRow(['ignored']);
    });
    const sheet = await readSheet(file);
    expect(sheet).toEqual({
      headers: ['Nombre', 'Celular', 'Presupuesto', 'Alta', 'Total', 'Web'],
      rows: [
        ['Ana Pérez', '5491123456789', '120000.5', '2026-03-07', '0.3', 'sitio'],
        ['Luis', '', '1234567', '', '', ''],
      ],
      rowNumbers: [2, 4],
    });
  });

  it('reads the first sheet of a workbook whose relationships name sheets by absolute path, as openpyxl (pandas) writes them', async () => {
    const written = await xlsx((workbook) => {
      workbook.addWorksheet('Clientes').addRows([['Nombre', 'Celular'], ['Ana', '1155550000']]);
      workbook.addWorksheet('Otra').addRow(['ignored']);
    });
    const parts = await JSZip.loadAsync(written);
    const rels = await parts.file('xl/_rels/workbook.xml.rels')!.async('string');
    parts.file('xl/_rels/workbook.xml.rels', rels.replaceAll('Target="worksheets/', 'Target="/xl/worksheets/'));
    const expected = { headers: ['Nombre', 'Celular'], rows: [['Ana', '1155550000']], rowNumbers: [2] };
    await expect(readSheet(await parts.generateAsync({ type: 'nodebuffer' }))).resolves.toEqual(expected);
    // openpyxl's order too: the sheets first, the workbook and its relationships last.
    const openpyxl = new JSZip();
    const names = Object.keys(parts.files).filter((name) => !parts.files[name]!.dir);
    const order = [...names.filter((name) => name.startsWith('xl/worksheets/')), ...names.filter((name) => !name.startsWith('xl/worksheets/') && !name.includes('workbook')), ...names.filter((name) => name.includes('workbook'))];
    for (const name of order) openpyxl.file(name, await parts.file(name)!.async('nodebuffer'));
    await expect(readSheet(await openpyxl.generateAsync({ type: 'nodebuffer' }))).resolves.toEqual(expected);
  });

  it('reads an XLSX declared as CSV by its bytes', async () => {
    const file = await xlsx((workbook) => workbook.addWorksheet('A').addRows([['phone'], ['1']]));
    await expect(readSheet(file, { kind: 'csv' })).resolves.toMatchObject({ headers: ['phone'], rows: [['1']] });
  });

  it('refuses an XLSX with more data rows than the limit', async () => {
    const file = await xlsx((workbook) => workbook.addWorksheet('A').addRows([['phone'], ['1'], ['2'], ['3']]));
    await expect(readSheet(file, { limits: { maxBytes: 1e6, maxRows: 3 } })).resolves.toMatchObject({ rows: [['1'], ['2'], ['3']] });
    await expect(refusal(readSheet(file, { limits: { maxBytes: 1e6, maxRows: 2 } }))).resolves.toMatchObject({ code: 'payload_too_large', extra: { data: { maxRows: 2 } } });
  });

  it('refuses a zip that is not a workbook', async () => {
    const notWorkbook = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    await expect(refusal(readSheet(notWorkbook))).resolves.toMatchObject({ code: 'unprocessable' });
  });
});

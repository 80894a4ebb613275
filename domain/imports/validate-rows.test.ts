import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLeadBody } from '../../api/contracts/leads.schemas';
import { createPropertyBody } from '../../api/contracts/properties.schemas';
import { LeadStage } from '../../prisma/generated/enums';
import { suggestMapping } from './column-mapping';
import type { Sheet } from './read-sheet';
import { validateRows, type RowResult } from './validate-rows';

const sheetOf = (headers: string[], rows: string[][]): Sheet => ({ headers, rows, rowNumbers: rows.map((_, index) => index + 2) });

const LEAD_HEADERS = ['Nombre', 'Apellido', 'Celular', 'E-mail', 'DNI', 'Etapa', 'Etiquetas', 'Barrio', 'Tipo', 'Operación', 'Presupuesto', 'Ambientes', 'Notas', 'Origen'];

function validateLeads(rows: string[][], country: 'AR' | 'MX' | 'CL' = 'AR', headers = LEAD_HEADERS) {
  return validateRows({ mapping: suggestMapping('leads', headers), sheet: sheetOf(headers, rows), country });
}

const lead = (overrides: Partial<Record<(typeof LEAD_HEADERS)[number], string>>) => LEAD_HEADERS.map((header) => overrides[header] ?? '');

function errorsOf<V>(result: RowResult<V> | undefined) {
  if (!result || result.ok) throw new Error(`expected a refused row, got ${JSON.stringify(result)}`);
  return result.errors;
}

describe('validateRows for leads', () => {
  it('turns a row into the exact body a lead creation takes, contact canonical', () => {
    const [result] = validateLeads([
      lead({
        Nombre: ' María ',
        Apellido: 'Núñez',
        Celular: '011 15 2345-6789',
        'E-mail': 'maria@example.com',
        DNI: '30.123.456',
        Etapa: 'Contactado',
        Etiquetas: 'VIP; Inversor, vip',
        Barrio: 'Palermo',
        Tipo: 'Depto',
        Operación: 'Compra',
        Presupuesto: 'USD 120.000',
        Ambientes: '3 amb.',
        Notas: 'Llamar a la tarde',
        Origen: 'Facebook',
      }),
    ]);
    const values = {
      name: 'María Núñez',
      phone: '+5491123456789',
      email: 'maria@example.com',
      dni: '30123456',
      origin: 'META_ADS',
      stage: 'CONTACTED',
      tags: ['vip', 'inversor'],
      notes: 'Llamar a la tarde',
      searchZone: 'Palermo',
      searchType: 'APARTMENT',
      searchOperation: 'SALE',
      budgetMax: 120000,
      budgetCurrency: 'USD',
      roomsMin: 3,
    };
    expect(result).toEqual({ row: 2, ok: true, values });
    expect(createLeadBody.parse(values)).toEqual(values);
  });

  it("reads national numbers with the agency's country, as lead creation does", () => {
    const rows = [lead({ Celular: '55 1234 5678' }), lead({ Celular: '9 8765 4321' })];
    expect(validateLeads(rows, 'MX').map((result) => (result.ok ? result.values.phone : 'refused'))).toEqual(['+525512345678', 'refused']);
    expect(validateLeads(rows, 'CL').map((result) => (result.ok ? result.values.phone : 'refused'))).toEqual(['refused', '+56987654321']);
  });

  it('keeps an origin Astor does not know in the source details, the lead counting as imported', () => {
    const [result] = validateLeads([lead({ Celular: '1123456789', Origen: 'Zonaprop' })]);
    expect(result).toMatchObject({ ok: true, values: { origin: 'IMPORT', sourceDetails: { origin: 'Zonaprop' } } });
    const [plain] = validateLeads([lead({ Celular: '1123456789' })]);
    expect(plain).toMatchObject({ ok: true, values: { origin: 'IMPORT' } });
    expect(plain?.ok && 'sourceDetails' in plain.values).toBe(false);
  });

  it('accepts every stage by its code and by the Spanish and English labels the UI shows for it', () => {
    // web/ is an ES module the server build cannot import: its labels are read from the source.
    const source = readFileSync(join(__dirname, '../../web/lib/messages.ts'), 'utf8');
    const uiLabels = [...source.matchAll(/'stage\.([A-Z_]+)': '([^']+)'/g)].map(([, stage = '', label = '']) => [stage, label] as const);
    const stages = Object.values(LeadStage);
    expect(uiLabels).toHaveLength(stages.length * 2);
    const written = [...stages.map((stage) => [stage, stage] as const), ...uiLabels];
    const results = validateLeads(written.map(([, text], index) => lead({ 'E-mail': `lead${index}@example.com`, Etapa: text })));
    expect(results.map((result) => (result.ok ? result.values.stage : errorsOf(result)[0]?.message))).toEqual(written.map(([stage]) => stage));
  });

  it.each([
    ['an invalid phone for the country', { Celular: '12345' }, 'phone', 'Celular', 'invalid_phone', 'no es un teléfono válido de Argentina'],
    ['a bad e-mail', { Celular: '1123456789', 'E-mail': 'ana@' }, 'email', 'E-mail', 'invalid_email', 'no es un e-mail válido'],
    ['a bad DNI', { Celular: '1123456789', DNI: '12-3' }, 'dni', 'DNI', 'invalid_dni', 'no es un documento válido'],
    ['no phone, e-mail or DNI', { Nombre: 'Ana' }, 'phone', 'Celular', 'missing_contact', 'Falta un teléfono, un e-mail o un DNI'],
    ['an unknown stage', { Celular: '1123456789', Etapa: 'Tibio' }, 'stage', 'Etapa', 'unknown_stage', '"Tibio" no es una etapa conocida (por ejemplo: Nuevo, Contactado'],
    ['a budget that is not a number', { Celular: '1123456789', Presupuesto: 'a convenir' }, 'budgetMax', 'Presupuesto', 'not_a_number', '"a convenir" no es un número'],
    ['an unknown property type', { Celular: '1123456789', Tipo: 'Castillo' }, 'searchType', 'Tipo', 'unknown_value', 'no es un valor conocido'],
    ['a tag with symbols', { Celular: '1123456789', Etiquetas: 'ok, #promo' }, 'tags', 'Etiquetas', 'invalid_tag', '"#promo" no es una etiqueta válida'],
    ['rooms that are not whole', { Celular: '1123456789', Ambientes: '2.5' }, 'roomsMin', 'Ambientes', 'not_a_number', 'no es un número'],
    ['text PostgreSQL cannot store', { Celular: '1123456789', Notas: 'hola\u0000' }, 'notes', 'Notas', 'unstorable_text', 'no se pueden guardar'],
    ['a name over 160 characters', { Celular: '1123456789', Nombre: 'a'.repeat(161) }, 'name', 'Nombre', 'too_long', 'más de 160 caracteres'],
  ])('refuses a row with %s, naming field, column and reason', (_name, cells, field, column, code, message) => {
    const [result] = validateLeads([lead(cells)]);
    const errors = errorsOf(result);
    expect(errors).toEqual([{ field, column, code, message: expect.stringContaining(message) }]);
  });

  it('refuses one row and keeps the next; each bad field is named once', () => {
    const results = validateLeads([lead({ Celular: '12345', 'E-mail': 'nope', Etapa: 'x', Presupuesto: '??' }), lead({ Celular: '1123456789' })]);
    expect(errorsOf(results[0]).map((error) => error.code)).toEqual(['invalid_phone', 'invalid_email', 'not_a_number', 'unknown_stage']);
    expect(results[1]).toMatchObject({ row: 3, ok: true });
  });

  it('refuses a minimum budget above the maximum', () => {
    const headers = ['Teléfono', 'Presupuesto mínimo', 'Presupuesto máximo'];
    const [result] = validateLeads([['1123456789', '200.000', '100.000']], 'AR', headers);
    expect(errorsOf(result)).toEqual([expect.objectContaining({ field: 'budgetMin', column: 'Presupuesto mínimo', code: 'budget_order' })]);
  });

  it('marks a row with the same canonical phone, DNI or e-mail as an earlier row as merging into it', () => {
    const results = validateLeads([
      lead({ Nombre: 'Ana', Celular: '011 15 2345-6789' }),
      lead({ Nombre: 'Ana P.', Celular: '+54 9 11 2345 6789', 'E-mail': 'Ana@Example.com' }),
      lead({ Nombre: 'Luis', Celular: '1155550202' }),
      lead({ 'E-mail': 'ana@example.com', DNI: '30.123.456' }),
      lead({ DNI: '30123456', Notas: 'same person, by the DNI the row above brought' }),
    ]);
    expect(results.map((result) => (result.ok ? (result.mergesIntoRow ?? 'new') : 'refused'))).toEqual(['new', 2, 'new', 2, 2]);
  });

  it('refuses a row that matches two different earlier rows, since it cannot merge into both', () => {
    const results = validateLeads([lead({ Celular: '1123456789' }), lead({ DNI: '30123456' }), lead({ Celular: '1123456789', DNI: '30.123.456' })]);
    expect(errorsOf(results[2])).toEqual([expect.objectContaining({ field: 'dni', code: 'conflicting_duplicate', message: 'Coincide con la fila 2 y con la fila 3, que son registros distintos' })]);
  });

  it('does not count refused rows as earlier rows to merge into', () => {
    const results = validateLeads([lead({ Celular: '1123456789', 'E-mail': 'bad' }), lead({ Celular: '1123456789' })]);
    expect(results[1]).toEqual(expect.objectContaining({ ok: true }));
    expect(results[1]).not.toHaveProperty('mergesIntoRow');
  });
});

const PROPERTY_HEADERS = ['Código', 'Título', 'Precio', 'Operación', 'Tipo', 'Barrio', 'Ambientes', 'Baños', 'Superficie', 'Estado', 'Fotos'];

function validateProperties(rows: string[][], headers = PROPERTY_HEADERS) {
  return validateRows({ mapping: suggestMapping('properties', headers), sheet: sheetOf(headers, rows), country: 'AR' });
}

describe('validateRows for properties', () => {
  it('turns a row into the exact body a property creation takes, prices in Spanish formatting', () => {
    const results = validateProperties([
      ['A-12', 'Depto 3 amb con balcón', 'USD 120.000', 'Venta', 'Departamento', 'Palermo', '3', '1', '75,5 m2', 'Disponible', 'https://example.com/1.jpg https://example.com/2.jpg'],
      ['A-13', 'Casa quinta', '120.000,50', 'Alquiler', 'Casa', 'Pilar', '', '', '', '', ''],
    ]);
    const first = { externalRef: 'A-12', title: 'Depto 3 amb con balcón', price: 120000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Palermo', rooms: 3, bathrooms: 1, areaM2: 75.5, status: 'AVAILABLE', photoUrls: ['https://example.com/1.jpg', 'https://example.com/2.jpg'] };
    const second = { externalRef: 'A-13', title: 'Casa quinta', price: 120000.5, currency: 'USD', operation: 'RENT', type: 'HOUSE', zone: 'Pilar', status: 'AVAILABLE', photoUrls: [] };
    expect(results).toEqual([
      { row: 2, ok: true, values: first },
      { row: 3, ok: true, values: second },
    ]);
    expect(createPropertyBody.parse(first)).toEqual(first);
    expect(createPropertyBody.parse(second)).toEqual(second);
  });

  it('refuses each missing required field and a price that is not a number', () => {
    const [result] = validateProperties([['A-1', '', 'consultar', '', 'Castillo', '', '', '', '', '', '']]);
    expect(errorsOf(result)).toEqual([
      { field: 'price', column: 'Precio', code: 'not_a_number', message: '"consultar" no es un número' },
      { field: 'type', column: 'Tipo', code: 'unknown_value', message: expect.stringContaining('"Castillo" no es un valor conocido') },
      { field: 'title', column: 'Título', code: 'required', message: 'Falta el título' },
      { field: 'operation', column: 'Operación', code: 'required', message: 'Falta la operación (Venta o Alquiler)' },
      { field: 'zone', column: 'Barrio', code: 'required', message: 'Falta la zona' },
    ]);
  });

  it('names a required field no column fills', () => {
    const [result] = validateProperties([['Depto', '100', 'Venta', 'PH']], ['Título', 'Precio', 'Operación', 'Tipo']);
    expect(errorsOf(result)).toEqual([{ field: 'zone', column: null, code: 'required', message: 'Falta la zona' }]);
  });

  it('refuses a photo that is not a web address', () => {
    const [result] = validateProperties([['A-1', 'T', '1', 'Venta', 'PH', 'Z', '', '', '', '', 'ftp://example.com/a.jpg']]);
    expect(errorsOf(result)).toEqual([expect.objectContaining({ field: 'photoUrls', code: 'invalid_url' })]);
  });

  it('merges a repeated external reference into its first row; rows without one never merge', () => {
    const row = (ref: string) => [ref, 'T', '1', 'Venta', 'PH', 'Z', '', '', '', '', ''];
    const results = validateProperties([row('A-1'), row(''), row('A-1'), row('')]);
    expect(results.map((result) => (result.ok ? (result.mergesIntoRow ?? 'new') : 'refused'))).toEqual(['new', 'new', 2, 'new']);
  });
});

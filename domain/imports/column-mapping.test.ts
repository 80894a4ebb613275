import { columnMappingSchema, suggestMapping } from './column-mapping';

describe('suggestMapping', () => {
  it('maps Spanish lead headers whatever their accents and case', () => {
    const headers = ['Nombre y apellido', 'TELÉFONO', 'Correo', 'D.N.I.', 'Etapa', 'Etiquetas', 'Barrio', 'Presupuesto', 'Moneda', 'Ambientes', 'Observaciones', 'Origen'];
    expect(suggestMapping('leads', headers)).toEqual({
      entity: 'leads',
      columns: {
        'Nombre y apellido': 'name',
        TELÉFONO: 'phone',
        Correo: 'email',
        'D.N.I.': 'dni',
        Etapa: 'stage',
        Etiquetas: 'tags',
        Barrio: 'searchZone',
        Presupuesto: 'budgetMax',
        Moneda: 'budgetCurrency',
        Ambientes: 'roomsMin',
        Observaciones: 'notes',
        Origen: 'origin',
      },
    });
  });

  it.each([
    ['Celular', 'phone'],
    ['WhatsApp', 'phone'],
    ['Phone', 'phone'],
    ['Mobile', 'phone'],
    ['Full name', 'name'],
    ['E-mail', 'email'],
    ['Neighborhood', 'searchZone'],
    ['Zona', 'searchZone'],
    ['Apellido', 'lastName'],
    ['Presupuesto mínimo USD', 'budgetMin'],
    ['Teléfono 1', 'phone'],
  ])('maps the lead header %s to %s', (header, field) => {
    expect(suggestMapping('leads', [header]).columns[header]).toBe(field);
  });

  it('maps Spanish and English property headers', () => {
    expect(suggestMapping('properties', ['Código', 'Título', 'Precio', 'Moneda', 'Operación', 'Tipo', 'Barrio', 'Dirección', 'Ambientes', 'Baños', 'Superficie (m²)', 'Estado', 'Fotos']).columns).toEqual({
      Código: 'externalRef',
      Título: 'title',
      Precio: 'price',
      Moneda: 'currency',
      Operación: 'operation',
      Tipo: 'type',
      Barrio: 'zone',
      Dirección: 'address',
      Ambientes: 'rooms',
      Baños: 'bathrooms',
      'Superficie (m²)': 'areaM2',
      Estado: 'status',
      Fotos: 'photoUrls',
    });
    expect(suggestMapping('properties', ['Price', 'Rooms', 'Neighborhood']).columns).toEqual({ Price: 'price', Rooms: 'rooms', Neighborhood: 'zone' });
  });

  it('never maps two columns to one field: the exact header wins, else the earlier column', () => {
    expect(suggestMapping('leads', ['Teléfono 2', 'Celular', 'Teléfono']).columns).toEqual({ 'Teléfono 2': null, Celular: 'phone', Teléfono: null });
    expect(suggestMapping('leads', ['Tipo', 'Tipo de operación']).columns).toEqual({ Tipo: 'searchType', 'Tipo de operación': 'searchOperation' });
  });

  it('leaves unknown headers unmapped', () => {
    expect(suggestMapping('leads', ['Fecha de alta', 'Vendedor', '#3', 'Teléfonos']).columns).toEqual({ 'Fecha de alta': null, Vendedor: null, '#3': null, Teléfonos: null });
  });

  it('suggests a mapping the saved-mapping schema accepts', () => {
    const mapping = suggestMapping('properties', ['Precio', 'Zona', 'Otro']);
    expect(columnMappingSchema.parse(mapping)).toEqual(mapping);
  });
});

describe('columnMappingSchema', () => {
  it('refuses a field filled by two columns', () => {
    expect(columnMappingSchema.safeParse({ entity: 'leads', columns: { Teléfono: 'phone', Celular: 'phone' } }).success).toBe(false);
  });

  it("refuses a field of the other entity, an unknown entity and a header that cannot be stored", () => {
    expect(columnMappingSchema.safeParse({ entity: 'leads', columns: { Precio: 'price' } }).success).toBe(false);
    expect(columnMappingSchema.safeParse({ entity: 'visits', columns: {} }).success).toBe(false);
    expect(columnMappingSchema.safeParse({ entity: 'leads', columns: { 'A\u0000': 'phone' } }).success).toBe(false);
  });

  it('accepts skipped columns', () => {
    expect(columnMappingSchema.parse({ entity: 'leads', columns: { Teléfono: 'phone', Vendedor: null } })).toEqual({ entity: 'leads', columns: { Teléfono: 'phone', Vendedor: null } });
  });
});

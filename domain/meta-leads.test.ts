import { mapMetaLead } from './meta-leads';

describe('mapping a lead-ads submission', () => {
  it("takes Meta's standard questions as lead fields and keeps the custom answers", () => {
    const mapped = mapMetaLead([
      { name: 'full_name', values: ['Marta Díaz'] },
      { name: 'phone_number', values: ['+54 9 11 3000-0001'] },
      { name: 'email', values: ['marta@example.com'] },
      { name: '¿En qué zona buscás?', values: ['Palermo', 'Belgrano'] },
      { name: 'presupuesto', values: [' '] },
    ]);
    expect(mapped).toEqual({
      phone: '+54 9 11 3000-0001',
      fields: { name: 'Marta Díaz', email: 'marta@example.com' },
      answers: { '¿en_qué_zona_buscás?': 'Palermo, Belgrano' },
    });
  });

  it('joins first and last names and reads Spanish custom names for phone and DNI', () => {
    expect(mapMetaLead([{ name: 'first_name', values: ['Juan'] }, { name: 'last_name', values: ['Pérez'] }, { name: 'Teléfono', values: ['11 4444-5555'] }, { name: 'DNI', values: ['30.123.456'] }])).toEqual({
      phone: '11 4444-5555',
      fields: { name: 'Juan Pérez', dni: '30.123.456' },
      answers: {},
    });
  });

  it('leaves the phone out when the form did not ask for it', () => {
    expect(mapMetaLead([{ name: 'email', values: ['a@b.test'] }])).toEqual({ fields: { email: 'a@b.test' }, answers: {} });
  });
});

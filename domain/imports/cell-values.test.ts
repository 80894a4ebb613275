import { parseAmount, parseArea, parseCount, parseCurrency, parseDecimal } from './cell-values';

describe('parseDecimal', () => {
  it.each([
    ['120000', 120000],
    ['120.000', 120000],
    ['120,000', 120000],
    ['1.234.567', 1234567],
    ['120.000,50', 120000.5],
    ['120,000.50', 120000.5],
    ['99,5', 99.5],
    ['99.5', 99.5],
    ['0.125', 0.125],
    ['1234.567', 1234.567],
    ['120 000', 120000],
  ])('reads %s as %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', 'abc', '12a', '1.2.3,4,5', '1.23.456', '12.', '-5', '1,2,3'])('refuses %p', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});

describe('parseAmount', () => {
  it.each([
    ['USD 120.000', 'AR', { value: 120000, currency: 'USD' }],
    ['U$S 95.500', 'AR', { value: 95500, currency: 'USD' }],
    ['$ 1.500.000', 'AR', { value: 1500000, currency: 'ARS' }],
    ['$ 1.500.000', 'MX', { value: 1500000, currency: 'MXN' }],
    ['120000 dólares', 'CL', { value: 120000, currency: 'USD' }],
    ['3.500 UF', 'CL', { value: 3500, currency: 'CLF' }],
    ['120.000,50', 'AR', { value: 120000.5 }],
  ] as const)('reads %s (agency in %s)', (text, country, amount) => {
    expect(parseAmount(text, country)).toEqual(amount);
  });

  it.each(['consultar', 'USD', 'USD 100 aprox', 'XYZ 100', '$ 100', '-100'])('refuses %p', (text) => {
    expect(parseAmount(text, 'ES')).toBeUndefined();
  });
});

describe('parseCurrency', () => {
  it('reads codes, symbols and words', () => {
    expect(parseCurrency('usd', 'AR')).toBe('USD');
    expect(parseCurrency('Pesos', 'AR')).toBe('ARS');
    expect(parseCurrency('€', 'ES')).toBe('EUR');
    expect(parseCurrency('bitcoin', 'AR')).toBeUndefined();
  });
});

describe('parseCount and parseArea', () => {
  it('reads whole counts with their unit', () => {
    expect(parseCount('3')).toBe(3);
    expect(parseCount('3 amb.')).toBe(3);
    expect(parseCount('Monoambiente')).toBe(1);
    expect(parseCount('2.5')).toBeUndefined();
    expect(parseCount('tres')).toBeUndefined();
  });

  it('reads square metres with their unit', () => {
    expect(parseArea('85,5 m²')).toBe(85.5);
    expect(parseArea('120m2')).toBe(120);
    expect(parseArea('120 hectáreas')).toBeUndefined();
  });
});

import type { TenantSettings } from '../tenant-settings';
import { labelKey } from './label-key';

type DefaultCountry = TenantSettings['defaultCountry'];

const THOUSANDS_ONLY = /^\d{1,3}([.,])\d{3}(\1\d{3})*$/;

/**
 * A number as people write it in Spanish or English: "120.000" and "120,000" are thousands, "120.000,50" and
 * "120,000.50" carry decimals, "99,5" and "99.5" are decimals. One mark followed by exactly three digits is read
 * as thousands ("45.125" is 45125), as it is in Spanish-speaking countries.
 */
export function parseDecimal(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(compact) || /[.,]$/.test(compact)) return undefined;
  let plain: string;
  if (compact.includes('.') && compact.includes(',')) {
    const decimalMark = compact.lastIndexOf('.') > compact.lastIndexOf(',') ? '.' : ',';
    const [whole, fraction, ...rest] = compact.split(decimalMark);
    if (rest.length > 0 || (/[.,]/.test(whole ?? '') && !THOUSANDS_ONLY.test(whole ?? ''))) return undefined;
    plain = `${(whole ?? '').replace(/[.,]/g, '')}.${fraction}`;
  } else if (THOUSANDS_ONLY.test(compact) && !compact.startsWith('0')) {
    plain = compact.replace(/[.,]/g, '');
  } else {
    if ((compact.match(/[.,]/g) ?? []).length > 1) return undefined;
    plain = compact.replace(',', '.');
  }
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

/** Where "$" or "pesos" is a local currency; elsewhere a bare "$" names none and the currency stays unknown. */
const LOCAL_CURRENCY: Partial<Record<DefaultCountry, string>> = { AR: 'ARS', CL: 'CLP', MX: 'MXN', UY: 'UYU', CO: 'COP', EC: 'USD', US: 'USD' };
const KNOWN_CODES = new Set(['ARS', 'CLP', 'CLF', 'MXN', 'UYU', 'PYG', 'BOB', 'PEN', 'COP', 'USD', 'EUR']);
const CURRENCY_WORDS: Record<string, string> = {
  'u$s': 'USD', 'us$': 'USD', 'u$d': 'USD', dolar: 'USD', dolares: 'USD', dollar: 'USD', dollars: 'USD',
  '€': 'EUR', euro: 'EUR', euros: 'EUR', uf: 'CLF', 's/': 'PEN', soles: 'PEN', gs: 'PYG', '₲': 'PYG', bs: 'BOB',
};

/** An ISO 4217 code from a code, a symbol or a word ("U$S", "dólares", "$" in the agency's country). */
export function parseCurrency(text: string, country: DefaultCountry): string | undefined {
  const token = text.normalize('NFKD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\.$/, '');
  if (KNOWN_CODES.has(token.toUpperCase())) return token.toUpperCase();
  if (token === '$' || token === 'pesos' || token === 'peso') return LOCAL_CURRENCY[country];
  return CURRENCY_WORDS[token];
}

export interface Amount {
  value: number;
  /** Named in the cell itself ("USD 120.000"), if it was. */
  currency?: string;
}

/** A price or budget, with its currency before or after the number: "USD 120.000", "$ 95.000,50", "120000 dólares". */
export function parseAmount(text: string, country: DefaultCountry): Amount | undefined {
  const parts = /^(\D*?)\s*(\d[\d.,\s\u00a0\u202f']*?)\s*(\D*)$/u.exec(text.trim());
  if (!parts) return undefined;
  const [, before = '', number = '', after = ''] = parts;
  if (before && after) return undefined;
  const value = parseDecimal(number);
  if (value === undefined) return undefined;
  const token = before || after;
  if (!token) return { value };
  const currency = parseCurrency(token, country);
  return currency ? { value, currency } : undefined;
}

const COUNT_UNITS = new Set(['', 'amb', 'ambientes', 'ambiente', 'dorm', 'dormitorios', 'dormitorio', 'hab', 'habitaciones', 'habitacion', 'banos', 'bano', 'rooms', 'room', 'bedrooms', 'baths']);

/** A whole number of rooms or bathrooms, optionally with its unit ("3 amb."); a studio ("monoambiente") has one. */
export function parseCount(text: string): number | undefined {
  if (labelKey(text) === 'monoambiente') return 1;
  const parts = /^(\d+(?:[.,]0+)?)\s*(\D*)$/.exec(text.trim());
  if (!parts || !COUNT_UNITS.has(labelKey(parts[2] ?? ''))) return undefined;
  return parseDecimal(parts[1] ?? '');
}

const AREA_UNITS = new Set(['', 'm2', 'mts2', 'mt2', 'mts', 'm', 'metros', 'metros cuadrados', 'sqm']);

/** Square metres, optionally with the unit ("85,5 m²"). */
export function parseArea(text: string): number | undefined {
  const parts = /^(\d[\d.,]*)\s*(\D*\d?)$/.exec(text.trim());
  if (!parts || !AREA_UNITS.has(labelKey(parts[2] ?? ''))) return undefined;
  return parseDecimal(parts[1] ?? '');
}

/** Items of a list cell ("vip, inversor; zona norte"), trimmed, without blanks. */
export const splitList = (text: string, separators = /[,;|\n]/): string[] => text.split(separators).map((item) => item.trim()).filter(Boolean);

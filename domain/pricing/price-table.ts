import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Meta's template categories, the ones its rate card prices. */
export const PRICED_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type PricedCategory = (typeof PRICED_CATEGORIES)[number];

/** A market of Meta's rate card: a country with its own rates, or a region's fallback. */
export type Market = 'AR' | 'BR' | 'CL' | 'CO' | 'MX' | 'PE' | 'ES' | 'US' | 'LATAM_OTHER' | 'OTHER';

export interface PriceTable {
  version: string;
  /** The day (YYYY-MM-DD) Meta's card took effect. */
  effectiveFrom: string;
  currency: 'USD';
  /** Price per delivered message, as a decimal string as Meta's card writes it. */
  markets: Record<Market, Record<PricedCategory, string>>;
}

const OWN_MARKETS: ReadonlySet<string> = new Set(['AR', 'BR', 'CL', 'CO', 'MX', 'PE', 'ES']);
const NORTH_AMERICA: ReadonlySet<string> = new Set(['US', 'CA']);
/** Meta's "Rest of Latin America". */
const REST_OF_LATIN_AMERICA: ReadonlySet<string> = new Set(['BO', 'BZ', 'CR', 'CU', 'DO', 'EC', 'GF', 'GT', 'GY', 'HN', 'HT', 'JM', 'NI', 'PA', 'PR', 'PY', 'SR', 'SV', 'TT', 'UY', 'VE']);

/** The country of an E.164 number (ISO 3166 alpha-2), or ZZ when its numbering plan does not tell. */
export function countryOfPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.country ?? 'ZZ';
}

/** Numbers sharing their first six digits (calling code and area: +1 809 is not +1 202) are of one country. */
const COUNTRY_PREFIX_LENGTH = 7;

/**
 * countryOfPhone for many numbers: parsing is slow (100,000 numbers take seconds), so each prefix
 * is parsed once.
 */
export function phoneCountries(): (e164: string) => string {
  const known = new Map<string, string>();
  return (e164) => {
    const prefix = e164.slice(0, COUNTRY_PREFIX_LENGTH);
    let country = known.get(prefix);
    if (country === undefined) {
      country = countryOfPhone(e164);
      known.set(prefix, country);
    }
    return country;
  };
}

export function marketOf(country: string): Market {
  if (OWN_MARKETS.has(country)) return country as Market;
  if (NORTH_AMERICA.has(country)) return 'US';
  return REST_OF_LATIN_AMERICA.has(country) ? 'LATAM_OTHER' : 'OTHER';
}

/**
 * Money is counted in integer micro-dollars, so sums are exact; it leaves Astor as a decimal
 * string with four places, the precision of Meta's card ("0.0618").
 */
export type Micros = number;

export function microsOf(decimal: string): Micros {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(decimal);
  if (!match) throw new Error(`"${decimal}" is not an amount`);
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
}

export function decimalOf(micros: Micros): string {
  const tenThousandths = Math.round(micros / 100);
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;
}

export function unitPrice(table: PriceTable, country: string, category: PricedCategory): Micros {
  return microsOf(table.markets[marketOf(country)][category]);
}

/**
 * The rate-card category of the `pricing.category` a status reports: marketing_lite is billed as
 * marketing and authentication_international (not in this table) is priced as authentication;
 * service and free categories have no price.
 */
export function pricedCategoryOf(reported: string | null): PricedCategory | undefined {
  switch (reported?.toLowerCase()) {
    case 'marketing':
    case 'marketing_lite':
      return 'MARKETING';
    case 'utility':
      return 'UTILITY';
    case 'authentication':
    case 'authentication_international':
      return 'AUTHENTICATION';
    default:
      return undefined;
  }
}

import type { PriceTable } from './price-table';

/**
 * Meta's per-message rates (USD, Cloud API, list price before volume tiers) for the markets Astor
 * serves. Source: Meta's rate card ("Pricing on the WhatsApp Business Platform", per-message
 * pricing since 2025-07-01) as transcribed by BSPs: AR, BR, CL, CO from the card effective
 * 2026-10-01, MX, PE, ES, North America, rest of Latin America and "Other" from the card of
 * 2025-07-01, which the later updates did not list as changed for them; read on 2026-12-03.
 * Meta publishes a new card a few times a year: add it here as a new table with its own version and
 * effective date (never edit a published one: stored estimates name the version they used).
 */
export const META_2026_10: PriceTable = {
  version: 'meta-2026-10-01',
  effectiveFrom: '2026-10-01',
  currency: 'USD',
  markets: {
    AR: { MARKETING: '0.0618', UTILITY: '0.0260', AUTHENTICATION: '0.0260' },
    BR: { MARKETING: '0.0625', UTILITY: '0.0068', AUTHENTICATION: '0.0068' },
    CL: { MARKETING: '0.0889', UTILITY: '0.0200', AUTHENTICATION: '0.0200' },
    CO: { MARKETING: '0.0125', UTILITY: '0.0008', AUTHENTICATION: '0.0008' },
    MX: { MARKETING: '0.0305', UTILITY: '0.0085', AUTHENTICATION: '0.0085' },
    PE: { MARKETING: '0.0703', UTILITY: '0.0200', AUTHENTICATION: '0.0200' },
    ES: { MARKETING: '0.0615', UTILITY: '0.0200', AUTHENTICATION: '0.0200' },
    /** North America: the United States and Canada. */
    US: { MARKETING: '0.0250', UTILITY: '0.0034', AUTHENTICATION: '0.0135' },
    LATAM_OTHER: { MARKETING: '0.0740', UTILITY: '0.0113', AUTHENTICATION: '0.0113' },
    OTHER: { MARKETING: '0.0604', UTILITY: '0.0077', AUTHENTICATION: '0.0077' },
  },
};

/** The card new estimates use. */
export const CURRENT_PRICE_TABLE = META_2026_10;
const PUBLISHED = new Map([META_2026_10].map((table) => [table.version, table]));

/** The table an estimate was made with, so billed messages are priced the same way (the current one when none). */
export function priceTableOf(version: string | undefined): PriceTable {
  return (version && PUBLISHED.get(version)) || CURRENT_PRICE_TABLE;
}

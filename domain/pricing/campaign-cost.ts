import { z } from 'zod';
import { decimalOf, phoneCountries, PRICED_CATEGORIES, pricedCategoryOf, unitPrice, type PriceTable, type PricedCategory } from './price-table';

const money = z.string().regex(/^\d+\.\d{4}$/);

/** What a campaign should cost, as stored on the campaign at launch and shown before it. */
export const costEstimateSchema = z.object({
  priceTableVersion: z.string(),
  currency: z.literal('USD'),
  /** The template's category; null for content sent only inside the service window (free). */
  category: z.enum(PRICED_CATEGORIES).nullable(),
  recipients: z.number().int(),
  total: money,
  byCountry: z.array(
    z.object({
      /** ISO 3166 alpha-2 of the recipients' numbers; ZZ when the number does not tell. */
      country: z.string(),
      recipients: z.number().int(),
      /** Of them, how many cost nothing (a utility template to a lead whose service window is open). */
      free: z.number().int(),
      unitPrice: money,
      amount: money,
    }),
  ),
});
export type CostEstimate = z.infer<typeof costEstimateSchema>;

export interface CostRecipient {
  phone: string;
  /** The lead wrote within 24 hours: a utility template is then free. */
  inServiceWindow?: boolean;
}

/**
 * The cost of sending one message to each recipient: per country, the table's price for the
 * template's category. Content that is not a template (`category` null) goes out only inside the
 * service window, where Meta does not charge it.
 */
export function estimateCampaignCost(recipients: readonly CostRecipient[], category: PricedCategory | null, table: PriceTable): CostEstimate {
  const countryOf = phoneCountries();
  const countries = new Map<string, { recipients: number; free: number }>();
  for (const recipient of recipients) {
    const country = countryOf(recipient.phone);
    const row = countries.get(country) ?? { recipients: 0, free: 0 };
    row.recipients += 1;
    if (category === null || (category === 'UTILITY' && recipient.inServiceWindow)) row.free += 1;
    countries.set(country, row);
  }
  let total = 0;
  const byCountry = [...countries]
    .sort(([a, left], [b, right]) => right.recipients - left.recipients || a.localeCompare(b))
    .map(([country, row]) => {
      const price = category === null ? 0 : unitPrice(table, country, category);
      const amount = price * (row.recipients - row.free);
      total += amount;
      return { country, recipients: row.recipients, free: row.free, unitPrice: decimalOf(price), amount: decimalOf(amount) };
    });
  return { priceTableVersion: table.version, currency: table.currency, category, recipients: recipients.length, total: decimalOf(total), byCountry };
}

/** Messages Meta reported as billable, counted by the number they went to and the category it charged. */
export interface BilledMessages {
  phone: string;
  pricingCategory: string | null;
  messages: number;
}

export const billedCostSchema = z.object({ messages: z.number().int(), amount: money, currency: z.literal('USD') });

/** What Meta's statuses say the campaign costs, priced with the table of its estimate. */
export function billedCost(billed: readonly BilledMessages[], table: PriceTable): z.infer<typeof billedCostSchema> {
  const countryOf = phoneCountries();
  let messages = 0;
  let amount = 0;
  for (const row of billed) {
    const category = pricedCategoryOf(row.pricingCategory);
    messages += row.messages;
    if (category) amount += unitPrice(table, countryOf(row.phone), category) * row.messages;
  }
  return { messages, amount: decimalOf(amount), currency: table.currency };
}

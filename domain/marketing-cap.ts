/** The agency's cap on marketing messages per lead (Tenant settings `marketingCap`). */
export interface MarketingCap {
  messages: number;
  days: number;
}

/** For a marketing template under the agency's cap: the cap, and the leads it already reached. */
export interface FrequencyCapped {
  cap: MarketingCap;
  leadIds: Set<string>;
}

/** The skip reason of a lead the cap already reached, in campaigns and in their audience preview alike. */
export const FREQUENCY_CAP_SKIP = 'frequency_cap';

export const describeFrequencyCap = ({ messages, days }: MarketingCap) =>
  `The lead already got the agency's maximum of ${messages} marketing message${messages === 1 ? '' : 's'} in ${days} day${days === 1 ? '' : 's'}`;

export type PropertyAlertTrigger = 'new_listing' | 'price_drop';

export interface PropertyAlertInput {
  tenantId: string;
  propertyId: string;
  trigger: PropertyAlertTrigger;
  /** The price that caused the alert, as stored (a decimal string). */
  price: string;
  previousPrice?: string;
}

export type PropertyAlertOutcome = { outcome: 'campaign_started'; campaignId: string } | { outcome: string };

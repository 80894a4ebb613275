/** One lead-ads submission Meta announced by webhook; only ids travel, the answers are read by an activity. */
export interface MetaLeadInput {
  tenantId: string;
  leadgenId: string;
  pageId: string;
  formId: string;
  adId?: string;
}

export type MetaLeadOutcome = { outcome: 'submitted'; phone: string } | { outcome: 'skipped'; reason: string };

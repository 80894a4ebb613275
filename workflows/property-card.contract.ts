export interface PropertyCardInput {
  tenantId: string;
  leadId: string;
  propertyId: string;
  requestId: string;
  /** The agent who sent it. */
  sentById?: string;
}

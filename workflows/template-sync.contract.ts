export interface TemplateSyncInput {
  tenantId: string;
}

export type TemplateSyncResult =
  | { configured: true; total: number; created: number; updated: number }
  /** The agency has no WhatsApp Business API channel with a business account: nothing to read. */
  | { configured: false };

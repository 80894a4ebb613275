/**
 * Names shared by workflows, the worker and the API: task queue defaults, search attributes,
 * signals, updates, queries and workflow ids built from business keys. Nothing else spells these strings.
 * Ids and search attributes carry ids and pseudonymous contact keys, never phone numbers or names.
 */
export const SEARCH_ATTRIBUTES = {
  tenantId: 'AstorTenantId',
  entityId: 'AstorEntityId',
} as const;

/** Registered on the embedded dev server at start and on external clusters when permitted. */
export const SEARCH_ATTRIBUTE_TYPES: Record<(typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES], 'Keyword'> = {
  AstorTenantId: 'Keyword',
  AstorEntityId: 'Keyword',
};

export const workflowIds = {
  smoke: (runKey: string) => `smoke:${runKey}`,
  /**
   * One per contact of a tenant: lead creation, welcome and follow-ups. Keyed by the contact's
   * pseudonymous key (temporal/contact-keys.ts), never the phone: ids are visible to Temporal operators.
   */
  leadIntake: (tenantId: string, contactKey: string) => `lead:${tenantId}:${contactKey}`,
  /** One per lead-ads submission: Meta's repeated webhooks start it once. */
  metaLead: (tenantId: string, leadgenId: string) => `meta-lead:${tenantId}:${leadgenId}`,
  /** One per conversation with a contact on a channel (by its contact key, as above); a new run reopens a closed conversation. */
  conversation: (tenantId: string, channel: string, contactKey: string) => `conversation:${tenantId}:${channel}:${contactKey}`,
  /** One per message the Business API reported failed after accepting it: its resend through the Web session. */
  messageFallback: (tenantId: string, messageId: string) => `message-fallback:${tenantId}:${messageId}`,
  /** One per voice message request: the request id makes a repeated click a no-op. */
  voiceMessage: (tenantId: string, requestId: string) => `voice:${tenantId}:${requestId}`,
  /** One per campaign (and per run of a recurring campaign). */
  campaign: (tenantId: string, campaignId: string) => `campaign:${tenantId}:${campaignId}`,
  /** The Temporal Schedule of a recurring campaign, and the workflows it starts (Temporal appends the time). */
  campaignSchedule: (tenantId: string, campaignId: string) => `campaign-schedule:${tenantId}:${campaignId}`,
  campaignRun: (tenantId: string, campaignId: string) => `campaign-run:${tenantId}:${campaignId}`,
  /** One per property card an agent sends a lead: the request id makes a repeated click a no-op. */
  propertyCard: (tenantId: string, requestId: string) => `property-card:${tenantId}:${requestId}`,
  /** A voice note generated to be heard in the campaign designer, never sent. */
  voicePreview: (tenantId: string, requestId: string) => `voice-preview:${tenantId}:${requestId}`,
  /** One per visit: its confirmation, reminder and follow-up. */
  visit: (tenantId: string, visitId: string) => `visit:${tenantId}:${visitId}`,
  /** One per property event: a listing, or a drop to one price. */
  propertyAlert: (tenantId: string, propertyId: string, trigger: string, price: string) => `property-alert:${tenantId}:${propertyId}:${trigger}:${price}`,
  /** One sync of an agency's WhatsApp templates at a time; the hourly Schedule starts the same workflow. */
  templateSync: (tenantId: string) => `template-sync:${tenantId}`,
  templateSyncSchedule: (tenantId: string) => `template-sync-schedule:${tenantId}`,
  /** One per import and phase (apply, undo): a repeated click finds the running one. */
  dataImport: (tenantId: string, importId: string, phase: string) => `import:${tenantId}:${importId}:${phase}`,
  /** Reading an uploaded file for a preview, a dry run or an archive import, the caller waiting for the answer. */
  uploadedFile: (tenantId: string, requestId: string) => `uploaded-file:${tenantId}:${requestId}`,
};

export const signals = {
  inboundMessages: 'inboundMessages',
  leadSubmission: 'leadSubmission',
  visitChanged: 'visitChanged',
} as const;

export const updates = {
  agentReply: 'agentReply',
  claim: 'claim',
  transfer: 'transfer',
  returnToBot: 'returnToBot',
  close: 'close',
  submitLead: 'submitLead',
  pauseCampaign: 'pauseCampaign',
  resumeCampaign: 'resumeCampaign',
  cancelCampaign: 'cancelCampaign',
  setCampaignThrottle: 'setCampaignThrottle',
} as const;

export const queries = {
  conversationState: 'conversationState',
  campaignProgress: 'campaignProgress',
} as const;

/** A stable shard of a key (FNV-1a). */
export function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

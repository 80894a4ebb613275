import type { Prisma } from './generated/client';

/** Models whose rows belong to one tenant (NOT NULL tenantId, RLS-forced). Checked against the database by a test. */
export const TENANT_MODELS = new Set<Prisma.ModelName>([
  'User',
  'ApiKey',
  'Lead',
  'Event',
  'Property',
  'LeadPropertyInterest',
  'Visit',
  'Conversation',
  'Message',
  'Campaign',
  'CampaignRecipient',
  'TenantIntegration',
  'WhatsAppChannel',
  'WhatsAppTemplate',
  'Assistant',
  'MetaLeadPage',
  'AuditLog',
  'Outbox',
  'PendingStatus',
  'WebhookDelivery',
  'DataImport',
  'DataImportRow',
  'ImportMapping',
]);

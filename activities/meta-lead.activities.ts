import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { normalizeDni } from '../domain/dni';
import { mapMetaLead } from '../domain/meta-leads';
import { InvalidPhoneError, normalizePhone } from '../domain/phone';
import type { SecretBox } from '../domain/secret-box';
import { readTenantSettings } from '../domain/tenant-settings';
import type { Database } from '../prisma/client';
import { loadIntegrationConfig, recordIntegrationHealth } from '../prisma/repositories/integration-secrets';
import type { LeadSubmission } from '../workflows/lead-intake.contract';
import type { MetaLeadInput } from '../workflows/meta-lead.contract';
import { contactKeysFromDatabase } from '../temporal/contact-keys';
import { workflowHandoff } from '../temporal/workflow-handoff';
import type { WhatsAppCloudSettings } from '../integrations/whatsapp-cloud/whatsapp-cloud.channel';
import { MetaLeadsClient, type MetaLeadsConfig } from '../integrations/meta-leads/client';
import { ProviderError } from '../integrations/provider-error';

type ReadLead = { outcome: 'read'; phone: string; submission: LeadSubmission } | { outcome: 'skipped'; reason: string };

export function createMetaLeadActivities({ db, secrets, temporal, taskQueue, whatsappGraph }: { db: Database; secrets: SecretBox; temporal: Client; taskQueue: string; whatsappGraph: WhatsAppCloudSettings }) {
  const handoff = workflowHandoff(temporal, taskQueue, contactKeysFromDatabase(db));
  return {
    /** The submission's answers from Graph with the agency's token, as an intake submission keyed by the leadgen id. */
    async readMetaLead(input: MetaLeadInput): Promise<ReadLead> {
      const { tenant, integration } = await db.inTenant(input.tenantId, async (tx) => ({
        tenant: await tx.tenant.findFirst({ where: { id: input.tenantId }, select: { settings: true, locale: true } }),
        integration: await loadIntegrationConfig<MetaLeadsConfig>(tx, secrets, 'META_LEADS'),
      }));
      if (!integration) return { outcome: 'skipped', reason: 'no_meta_leads_integration' };
      const client = new MetaLeadsClient({ baseUrl: whatsappGraph.graphUrl, apiVersion: whatsappGraph.graphVersion, accessToken: integration.config.accessToken });
      let lead;
      try {
        lead = await client.getLead(input.leadgenId);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        if (error.category !== 'auth') throw error.toApplicationFailure();
        // Meta keeps the lead for 90 days: the submission waits (retrying) while the agency renews the token.
        await db.inTenant(input.tenantId, (tx) => recordIntegrationHealth(tx, integration.integration, error));
        throw ApplicationFailure.retryable(error.message, 'Provider.auth');
      }
      if (integration.integration.health !== 'HEALTHY') await db.inTenant(input.tenantId, (tx) => recordIntegrationHealth(tx, integration.integration));
      const mapped = mapMetaLead(lead.field_data);
      if (!mapped.phone) return { outcome: 'skipped', reason: 'no_phone_in_form' };
      let phone: string;
      try {
        phone = normalizePhone(mapped.phone, readTenantSettings(tenant?.settings, tenant?.locale).defaultCountry);
      } catch (error) {
        if (error instanceof InvalidPhoneError) return { outcome: 'skipped', reason: 'invalid_phone' };
        throw error;
      }
      const { name, email, dni: typedDni } = mapped.fields;
      const dni = typedDni && normalizeDni(typedDni);
      const fields = { ...(name ? { name: name.slice(0, 160) } : {}), ...(email ? { email } : {}), ...(dni ? { dni } : {}) };
      const sourceDetails = { leadgenId: input.leadgenId, formId: input.formId, pageId: input.pageId, ...(input.adId ? { adId: input.adId } : {}), ...mapped.answers };
      return { outcome: 'read', phone, submission: { submissionId: `leadgen:${input.leadgenId}`, origin: 'META_ADS', fields, sourceDetails } };
    },

    /** Hands the submission to the contact's intake workflow, starting it for a new contact. */
    async submitMetaLead(input: { tenantId: string; phone: string; submission: LeadSubmission }): Promise<void> {
      await handoff.signalLead(input.tenantId, input.phone, input.submission);
    },
  };
}

export type MetaLeadActivities = ReturnType<typeof createMetaLeadActivities>;

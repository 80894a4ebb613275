import type { AppConfig } from '../../domain/config';
import type { SecretBox } from '../../domain/secret-box';
import { MetaLeadsClient } from '../../integrations/meta-leads/client';
import type { Database } from '../../prisma/client';
import { recordIntegrationHealth } from '../../prisma/repositories/integration-secrets';
import { mustFindMetaLeads } from './find-meta-leads';
import { probeFailure, probeProvider } from './provider-probe';

/** "Probar conexión": reads each page with the stored token, recording the integration's health. */
export async function checkMetaLeads({ db, secrets, config }: { db: Database; secrets: SecretBox; config: AppConfig }) {
  const found = await db.forCurrentTenant((tx) => mustFindMetaLeads(tx, secrets));
  const client = new MetaLeadsClient({ baseUrl: config.whatsapp.graphUrl, apiVersion: config.whatsapp.graphVersion, accessToken: found.config.accessToken });
  const outcome = await probeProvider(Promise.all(found.pageIds.map((pageId) => client.getPage(pageId))), (pages) => ({ pages: pages.map(({ id, name }) => ({ id, name })) }));
  await db.forCurrentTenant((tx) => recordIntegrationHealth(tx, found.integration, probeFailure(outcome)));
  return outcome;
}

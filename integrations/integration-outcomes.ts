import { createLogger } from '../domain/logger';
import type { Database } from '../prisma/client';
import type { IntegrationProvider } from '../prisma/generated/client';
import { recordIntegrationHealth } from '../prisma/repositories/integration-secrets';
import type { ProviderError } from './provider-error';

/** A healthy integration's success is written at most this often per process: sends stay one write each. */
const SUCCESS_EVERY_MS = 60_000;
/** A failure repeating in a burst (a rate limit across a campaign) is written at most this often. */
const SAME_FAILURE_EVERY_MS = 10_000;

const log = createLogger('integration-outcomes');

/** Never fails the call it observes: a health write that cannot be made is logged and skipped. */
export interface IntegrationOutcomes {
  succeeded(tenantId: string, provider: IntegrationProvider): Promise<void>;
  /** Records failures that concern the integration (credentials, limits, outages), not those of one message. */
  failed(tenantId: string, provider: IntegrationProvider, error: ProviderError): Promise<void>;
}

/** Keeps each agency's integration health in step with its real traffic, without a write per call. */
export function createIntegrationOutcomes(db: Database, clock: () => number = Date.now): IntegrationOutcomes {
  const lastWritten = new Map<string, { kind: string; at: number }>();

  function due(key: string, kind: string, every: number): boolean {
    const last = lastWritten.get(key);
    const now = clock();
    if (last && last.kind === kind && now - last.at < every) return false;
    lastWritten.set(key, { kind, at: now });
    return true;
  }

  const record = (tenantId: string, provider: IntegrationProvider, failure?: ProviderError) =>
    db.inTenant(tenantId, (tx) => recordIntegrationHealth(tx, { provider }, failure)).catch((error: unknown) => {
      lastWritten.delete(`${tenantId}:${provider}`);
      log.warn('integration health not recorded', { tenantId, provider, error: String(error) });
    });

  return {
    async succeeded(tenantId, provider) {
      if (due(`${tenantId}:${provider}`, 'success', SUCCESS_EVERY_MS)) await record(tenantId, provider);
    },
    async failed(tenantId, provider, error) {
      if (error.concernsIntegration && due(`${tenantId}:${provider}`, error.category, SAME_FAILURE_EVERY_MS)) await record(tenantId, provider, error);
    },
  };
}

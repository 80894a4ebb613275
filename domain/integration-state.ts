/** What an admin reads about one integration, from its latest real calls (sends, checks). */
export type IntegrationState = 'CONNECTED' | 'TOKEN_REFUSED' | 'RATE_LIMITED' | 'FAILING' | 'UNTESTED';

export interface IntegrationOutcomes {
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  /** A provider failure category (integrations/provider-error.ts). */
  lastErrorCategory: string | null;
}

/** A rate limit is news while it lasts: once calls stop being refused for this long, it is over. */
const RATE_LIMIT_MEMORY_MS = 15 * 60_000;

export function integrationState(outcomes: IntegrationOutcomes, now: Date): IntegrationState {
  const { lastSuccessAt, lastErrorAt, lastErrorCategory } = outcomes;
  const failedSince = lastErrorAt !== null && (lastSuccessAt === null || lastErrorAt > lastSuccessAt);
  if (failedSince && lastErrorCategory === 'auth') return 'TOKEN_REFUSED';
  if (failedSince && lastErrorCategory === 'rate_limit') return now.getTime() - lastErrorAt.getTime() < RATE_LIMIT_MEMORY_MS ? 'RATE_LIMITED' : lastSuccessAt ? 'CONNECTED' : 'UNTESTED';
  if (failedSince) return 'FAILING';
  return lastSuccessAt ? 'CONNECTED' : 'UNTESTED';
}

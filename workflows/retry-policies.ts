import type { RetryPolicy } from '@temporalio/workflow';

/**
 * The retry policies workflows give their activities; no workflow spells its own. Each one stops
 * after a fixed number of attempts, so nothing retries forever, and data PostgreSQL refuses is not
 * retried at all (temporal/activity-failures.ts).
 */

/** PostgreSQL work that must outlast an outage: about an hour (1 s doubling to 30 s, then every 30 s). */
export const durable = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 120 } as const satisfies RetryPolicy;

/** A message sent through a provider: about 25 minutes (1 s doubling to a minute, then every minute). */
export const providerSend = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 } as const satisfies RetryPolicy;

/** A provider call that may wait out a long outage: about a day (5 s doubling to 30 minutes). */
export const patient = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60 } as const satisfies RetryPolicy;

/** Work that must give up soon: `providerSend`'s curve cut to `attempts` tries (3 take 3 s, 6 half a minute, 10 four minutes). */
export function bounded(attempts: number): RetryPolicy {
  // Temporal reads 0 attempts as "retry forever".
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError(`bounded() takes a positive whole number of attempts, not ${attempts}`);
  return { ...providerSend, maximumAttempts: attempts };
}

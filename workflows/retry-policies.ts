/**
 * The retry policy of activities that must outlast an outage of PostgreSQL or a provider: about an
 * hour of attempts (1 s doubling to 30 s, then every 30 s), and then the activity fails, so nothing
 * retries forever. Data PostgreSQL refuses is not retried at all (temporal/activity-failures.ts).
 */
export const durable = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 120 } as const;

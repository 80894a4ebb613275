import type { Logger } from '../../domain/logger';
import type { Database } from '../../prisma/client';
import type { HeldDeliveries } from './held-deliveries';

const HELD_EVERY_MS = 60_000;
const PARTITIONS_EVERY_MS = 3_600_000;

/**
 * Periodic care of the inbox: held deliveries whose number or page was connected meanwhile are
 * released (the connect itself releases at once; this catches races and restarts), and the raw
 * deliveries' day partitions are created ahead and dropped past the retention (astor_inbox_maintenance,
 * which also ages out held deliveries, statuses that never met their message and uploads past their day).
 */
export function startInboxUpkeep({ db, held, retentionDays, logger }: { db: Database; held: HeldDeliveries; retentionDays: number; logger: Logger }): { stop(): void } {
  const warn = (what: string) => (error: unknown) => logger.warn(`webhook inbox upkeep: ${what} failed`, { error: error instanceof Error ? error.message : String(error) });
  const maintain = () => db.prisma.$queryRaw`SELECT astor_inbox_maintenance(${retentionDays}::integer)`.catch(warn('partition upkeep'));
  const release = () => held.releaseOwned().catch(warn('held release'));
  void maintain();
  const timers = [setInterval(() => void release(), HELD_EVERY_MS), setInterval(() => void maintain(), PARTITIONS_EVERY_MS)];
  for (const timer of timers) timer.unref();
  return { stop: () => timers.forEach(clearInterval) };
}

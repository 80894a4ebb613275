import type { Database } from '../../prisma/client';
import type { Logger } from '../../domain/logger';
import { findPlatformProblems } from './find-platform-problems';

/** How old the list may be before a read starts checking the agencies again. */
const FRESH_MS = 60_000;

type Problems = Awaited<ReturnType<typeof findPlatformProblems>>;

/**
 * The platform's agencies with problems, checked in the background: checking every agency takes
 * seconds once there are hundreds, so a read answers at once with the latest check (`checkedAt`;
 * null before the first one ends) and starts a new check when that one is over a minute old.
 */
export function platformProblemsSnapshot({ db, logger }: { db: Database; logger: Logger }, clock: () => number = Date.now) {
  let latest: Problems | undefined;
  let checking: Promise<void> | undefined;

  function check(): Promise<void> {
    checking ??= findPlatformProblems({ db }, new Date(clock()))
      .then((found) => {
        latest = found;
      })
      .catch((error: unknown) => logger.error('platform problems not checked', { error: String(error) }))
      .finally(() => {
        checking = undefined;
      });
    return checking;
  }

  return {
    read(): { checkedAt: Date | null; agencies: Problems['agencies'] } {
      if (!latest || clock() - latest.checkedAt.getTime() > FRESH_MS) void check();
      return latest ?? { checkedAt: null, agencies: [] };
    },
    /** Resolves when the check under way (if any) has ended: for shutdown and tests. */
    settled: () => checking ?? Promise.resolve(),
  };
}

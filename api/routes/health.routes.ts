import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../../prisma/client';
import { readOutboxStats } from '../../services/outbox-relay/outbox-relay';
import { AppError } from '../../domain/app-error';

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms))]);
}

export function healthRoutes({ db, temporal }: { db: Database; temporal: Client }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      withTimeout(db.prisma.$queryRaw`SELECT 1`, 2000, 'database'),
      withTimeout(temporal.workflowService.getSystemInfo({}), 2000, 'temporal'),
    ]);
    const [database, temporalCheck] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : String(check.reason)));
    if (database !== 'ok' || temporalCheck !== 'ok') {
      throw new AppError('unavailable', 'A dependency is not reachable', { data: { checks: { database, temporal: temporalCheck } } });
    }
    // Detail, not a condition: a backlog is what the relays are draining, not a reason to stop taking traffic.
    const outbox = await readOutboxStats(db).catch(() => undefined);
    res.json({ status: 'ready', checks: { database, temporal: temporalCheck }, outbox });
  });
  return router;
}

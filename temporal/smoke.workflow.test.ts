import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { workflowIds } from '../domain/temporal-contracts';
import type { Database } from '../prisma/client';
import { connectTemporal, openDatabase, startTestWorker, workerDeps, type RunningWorker } from '../testing/harness';

describe('smoke workflow on the real Temporal dev server', () => {
  let db: Database;
  let client: Client;
  let worker: RunningWorker;
  const taskQueue = `smoke-${randomUUID()}`;

  beforeAll(async () => {
    db = openDatabase();
    client = await connectTemporal();
    worker = await startTestWorker(taskQueue, workerDeps(db, client, taskQueue));
  });

  afterAll(async () => {
    await worker.stop();
    await client.connection.close();
    await db.disconnect();
  });

  it('runs end to end through a worker whose activity reaches PostgreSQL', async () => {
    const result = await client.workflow.execute('smokeWorkflow', {
      taskQueue,
      workflowId: workflowIds.smoke(randomUUID()),
      args: ['hola'],
    });
    expect(result).toMatch(/^hola: postgres \d+/);
  });
});

import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { workflowIds } from '../domain/temporal-contracts';
import { propertyAlertWorkflow } from '../workflows/property-alert.workflow';
import type { Database } from '../prisma/client';
import { eventually } from '../testing/eventually';
import { adminQuery, connectTemporal, createTestTenant, openDatabase, silentLogger, startTestWorker, workerDeps, type RunningWorker } from '../testing/harness';
import type { PropertyAlertInput, PropertyAlertOutcome } from '../workflows/property-alert.contract';
import { committedStarts, workflowStart, type WorkflowStart } from './committed-starts';
import { workflowHandoff } from './workflow-handoff';
import { contactKeys } from './contact-keys';

describe('committed starts: write to PostgreSQL, then start the workflow', () => {
  const taskQueue = `committed-starts-${randomUUID()}`;
  let db: Database;
  let temporal: Client;
  let worker: RunningWorker;
  let tenantId: string;

  beforeAll(async () => {
    db = openDatabase();
    temporal = await connectTemporal();
    worker = await startTestWorker(taskQueue, workerDeps(db, temporal, taskQueue));
    tenantId = (await createTestTenant(db, 'Arranques')).id;
  });
  afterAll(async () => {
    await worker.stop();
    await temporal.connection.close();
    await db.disconnect();
  });

  /** A property alert for a listing the agency's rules do not alert on: it ends at once, saying why. */
  function alertStart(): WorkflowStart {
    const input: PropertyAlertInput = { tenantId, propertyId: randomUUID(), trigger: 'new_listing', price: '100000' };
    return workflowStart(propertyAlertWorkflow, { workflowId: workflowIds.propertyAlert(tenantId, input.propertyId, input.trigger, input.price), args: [input] });
  }
  const outboxRows = async (workflowId: string) => adminQuery(`SELECT id FROM "Outbox" WHERE payload->>'workflowId' = $1`, [workflowId]);
  const runsOf = async (workflowId: string) => {
    const runs = [];
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run.runId);
    return runs;
  };

  it('starts the workflow after the commit and leaves no outbox row behind', async () => {
    const starts = committedStarts({ db, temporal, taskQueue, logger: silentLogger });
    const start = alertStart();
    const recorded = await db.inTenant(tenantId, (tx) => starts.record(tx, tenantId, start));
    expect(await outboxRows(start.workflowId)).toHaveLength(1);
    expect(await starts.dispatch(recorded)).toBe(true);
    expect(await temporal.workflow.getHandle(start.workflowId).result()).toEqual<PropertyAlertOutcome>({ outcome: 'rule_disabled' });
    expect(await outboxRows(start.workflowId)).toHaveLength(0);
  });

  it('starts what a process that died after its commit never started: the relay reconciles it', async () => {
    const starts = committedStarts({ db, temporal, taskQueue, logger: silentLogger, reconcileAfterMs: 300 });
    const start = alertStart();
    await db.inTenant(tenantId, (tx) => starts.record(tx, tenantId, start));
    // No dispatch: the writer died between its commit and its start.
    await eventually(() => runsOf(start.workflowId), (runs) => runs.length === 1, 10_000, 100);
    expect(await temporal.workflow.getHandle(start.workflowId).result()).toEqual<PropertyAlertOutcome>({ outcome: 'rule_disabled' });
    expect(await outboxRows(start.workflowId)).toHaveLength(0);
  });

  it('starts nothing twice: a row that outlived its start and its run is absorbed', async () => {
    const starts = committedStarts({ db, temporal, taskQueue, logger: silentLogger });
    const start = alertStart();
    const recorded = await db.inTenant(tenantId, (tx) => starts.record(tx, tenantId, start));
    await starts.dispatch(recorded);
    await temporal.workflow.getHandle(start.workflowId).result();
    const relayHandoff = workflowHandoff(temporal, taskQueue, contactKeys(async () => new Uint8Array(32)));
    await relayHandoff.committedStart(start);
    expect(await runsOf(start.workflowId)).toHaveLength(1);
  });

  it('does not start a workflow whose change rolled back', async () => {
    const starts = committedStarts({ db, temporal, taskQueue, logger: silentLogger, reconcileAfterMs: 0 });
    const start = alertStart();
    await expect(
      db.inTenant(tenantId, async (tx) => {
        await starts.record(tx, tenantId, start);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await runsOf(start.workflowId)).toHaveLength(0);
  });
});

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { harnessValue } from './harness-env';
import { quietTemporalRuntime } from './temporal-runtime';

const { FastForwardPollingResult } = temporal.api.enums.v1;
const NAMESPACE = 'default';

/** Where a fast-forward stopped: at its target, or earlier because the workflow closed. */
export type SkipOutcome = 'reached' | 'closed';

/** Environment for startTestApi: the API and its worker on the server whose workflows can skip time. */
export function onTemporalClock(): NodeJS.ProcessEnv {
  return { TEMPORAL_ADDRESS: harnessValue('timeSkippingAddress') };
}

async function setTimeSkipping(client: Client, workflowId: string, timeSkippingConfig: temporal.api.common.v1.ITimeSkippingConfig): Promise<void> {
  await client.workflowService.updateWorkflowExecutionOptions({
    namespace: NAMESPACE,
    workflowExecution: { workflowId },
    workflowExecutionOptions: { timeSkippingConfig },
    updateMask: { paths: ['time_skipping_config'] },
  });
}

let fastForwards = 0;

/**
 * Moves the workflow's clock `ms` ahead: timers due by then fire on the way, and the wait lasts only
 * as long as the work they start. Afterwards its time runs at wall-clock pace again.
 */
export async function skipTime(client: Client, workflowId: string, ms: number): Promise<SkipOutcome> {
  const fastForwardId = `skip-${process.pid}-${(fastForwards += 1)}`;
  await setTimeSkipping(client, workflowId, { enabled: true, fastForwardConfig: { id: fastForwardId, duration: msToTs(ms) } });
  for (;;) {
    const polled = await client.workflowService.pollWorkflowExecutionTimeSkipping({ namespace: NAMESPACE, workflowExecution: { workflowId }, fastForwardId });
    if (polled.fastForwardPollingResult === FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_COMPLETED) return 'reached';
    if (polled.fastForwardPollingResult === FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_FAILED) {
      const { workflowExecutionInfo } = await client.workflowService.describeWorkflowExecution({ namespace: NAMESPACE, execution: { workflowId } });
      if (workflowExecutionInfo?.closeTime) return 'closed';
      throw new Error(`fast-forward ${fastForwardId} of ${workflowId} failed: ${polled.failedReason}`);
    }
  }
}

/** Lets the workflow's clock jump over every timer until it closes. */
export async function skipToEnd<T>(client: Client, workflowId: string): Promise<T> {
  await setTimeSkipping(client, workflowId, { enabled: true });
  return client.workflow.getHandle(workflowId).result() as Promise<T>;
}

/** Workflow tests on Temporal's clock with the test's own activities. */
export class TimeSkippingEnv {
  readonly taskQueue = `time-skipping-${randomUUID()}`;

  private constructor(
    readonly client: Client,
    private readonly nativeConnection: NativeConnection,
  ) {}

  static async connect(): Promise<TimeSkippingEnv> {
    const address = harnessValue('timeSkippingAddress');
    quietTemporalRuntime();
    const client = new Client({ connection: await Connection.connect({ address }), namespace: NAMESPACE });
    return new TimeSkippingEnv(client, await NativeConnection.connect({ address }));
  }

  /** Runs `fn` while a worker serves the workflows with these activities. */
  async withWorker<T>(activities: object, fn: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: this.nativeConnection,
      namespace: NAMESPACE,
      taskQueue: this.taskQueue,
      workflowBundle: { codePath: harnessValue('bundlePath') },
      activities,
    });
    return worker.runUntil(fn);
  }

  skip(handle: { workflowId: string }, ms: number): Promise<SkipOutcome> {
    return skipTime(this.client, handle.workflowId, ms);
  }

  skipToEnd<T>(handle: { workflowId: string; result(): Promise<T> }): Promise<T> {
    return skipToEnd<T>(this.client, handle.workflowId);
  }

  async close(): Promise<void> {
    await this.nativeConnection.close();
    await this.client.connection.close();
  }
}

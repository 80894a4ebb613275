import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { harnessValue } from './harness-env';

const { FastForwardPollingResult } = temporal.api.enums.v1;
const NAMESPACE = 'default';

/** Where a fast-forward stopped: at its target, or earlier because the workflow closed. */
export type SkipOutcome = 'reached' | 'closed';

/**
 * Workflow tests on Temporal's clock: a worker with the test's own activities on the time-skipping
 * server, and `skip`, which moves one workflow's clock forward (its timers fire on the way) while
 * the test waits only for the work that runs in between.
 */
export class TimeSkippingEnv {
  readonly taskQueue = `time-skipping-${randomUUID()}`;
  private fastForwards = 0;

  private constructor(
    readonly client: Client,
    private readonly nativeConnection: NativeConnection,
  ) {}

  static async connect(): Promise<TimeSkippingEnv> {
    const address = harnessValue('timeSkippingAddress');
    Runtime.install({ logger: new DefaultLogger('WARN') });
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

  /** Moves the workflow's clock `ms` ahead, firing every timer due by then; afterwards its time runs at wall-clock pace again. */
  async skip(handle: WorkflowHandle, ms: number): Promise<SkipOutcome> {
    const fastForwardId = `skip-${(this.fastForwards += 1)}`;
    await this.setTimeSkipping(handle, { enabled: true, fastForwardConfig: { id: fastForwardId, duration: msToTs(ms) } });
    for (;;) {
      const polled = await this.client.workflowService.pollWorkflowExecutionTimeSkipping({ namespace: NAMESPACE, workflowExecution: { workflowId: handle.workflowId }, fastForwardId });
      if (polled.fastForwardPollingResult === FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_COMPLETED) return 'reached';
      if (polled.fastForwardPollingResult === FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_FAILED) {
        const { workflowExecutionInfo } = await this.client.workflowService.describeWorkflowExecution({ namespace: NAMESPACE, execution: { workflowId: handle.workflowId } });
        if (workflowExecutionInfo?.closeTime) return 'closed';
        throw new Error(`fast-forward ${fastForwardId} of ${handle.workflowId} failed: ${polled.failedReason}`);
      }
    }
  }

  /** Lets the workflow's clock jump over every timer until it closes. */
  async skipToEnd<T>(handle: WorkflowHandle & { result(): Promise<T> }): Promise<T> {
    await this.setTimeSkipping(handle, { enabled: true });
    return handle.result();
  }

  async close(): Promise<void> {
    await this.nativeConnection.close();
    await this.client.connection.close();
  }

  private async setTimeSkipping(handle: WorkflowHandle, timeSkippingConfig: temporal.api.common.v1.ITimeSkippingConfig): Promise<void> {
    await this.client.workflowService.updateWorkflowExecutionOptions({
      namespace: NAMESPACE,
      workflowExecution: { workflowId: handle.workflowId },
      workflowExecutionOptions: { timeSkippingConfig },
      updateMask: { paths: ['time_skipping_config'] },
    });
  }
}

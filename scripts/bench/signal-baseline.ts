import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { quietTemporalRuntime } from '../../testing/temporal-runtime';
import { harnessValue } from '../../testing/harness-env';
import { benchMessageSignal } from './signal-baseline.workflow';
import { inParallel } from '../../domain/in-parallel';

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

export interface BaselineOptions {
  signals: number;
  contacts: number;
  inFlight: number;
}

export interface Baseline extends BaselineOptions {
  /** Completed activities per second, from the first signal sent to the last activity completed. */
  perSecond: number;
  seconds: number;
  /** When the last signal-with-start returned, from the first one. */
  signalledSeconds: number;
}

/** Calls `work` for 0..count-1 with `inFlight` calls at a time. */
/**
 * Temporal's raw rate for the least work one inbound message needs: signal-with-start to the
 * contact's workflow (`contacts` ids, round robin) and one no-op activity per signal, on an
 * in-process worker with a task queue of its own.
 */
export async function measureSignalBaseline(temporal: Client, options: BaselineOptions): Promise<Baseline> {
  quietTemporalRuntime();
  const runKey = Date.now().toString(36);
  const taskQueue = `bench-signals-${runKey}`;
  const perContact = Math.ceil(options.signals / options.contacts);
  // Each contact gets the same number of signals, so every workflow knows when it is done.
  const signals = perContact * options.contacts;
  let completed = 0;
  let lastCompletedAt = 0;
  let allCompleted: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allCompleted = resolve));
  const nothing = async () => {
    completed += 1;
    lastCompletedAt = performance.now();
    if (completed === signals) allCompleted();
  };
  const workflowId = (contact: number) => `bench-signals:${runKey}:${contact}`;
  const connection = await NativeConnection.connect({ address: harnessValue('temporalAddress') });
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./signal-baseline.workflow'), activities: { nothing } });
  const running = worker.run();
  try {
    const started = performance.now();
    await inParallel(range(signals), options.inFlight, async (i) => {
      await temporal.workflow.signalWithStart('perContactSignalsWorkflow', { workflowId: workflowId(i % options.contacts), taskQueue, args: [perContact], signal: benchMessageSignal, signalArgs: [i] });
    });
    const signalledSeconds = (performance.now() - started) / 1000;
    await done;
    const seconds = (lastCompletedAt - started) / 1000;
    // Not timed: the workflows close before their worker goes, so none is left waiting on the server.
    await inParallel(range(options.contacts), options.inFlight, (contact) => temporal.workflow.getHandle(workflowId(contact)).result());
    return { ...options, signals, perSecond: signals / seconds, seconds, signalledSeconds };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

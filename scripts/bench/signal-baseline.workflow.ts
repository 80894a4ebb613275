import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

const { nothing } = proxyActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/** One inbound message for the contact (its number only: the baseline does no work with it). */
export const benchMessageSignal = defineSignal<[number]>('benchMessage');

/**
 * The webhook benchmark's baseline: a per-contact workflow, started by signal-with-start, whose
 * only work is one no-op activity per signal, one after the other (as a conversation takes its
 * messages up); it ends once it has handled the `expected` signals its contact gets.
 */
export async function perContactSignalsWorkflow(expected: number): Promise<void> {
  let received = 0;
  setHandler(benchMessageSignal, () => {
    received += 1;
  });
  for (let handled = 0; handled < expected; handled += 1) {
    await condition(() => received > handled);
    await nothing();
  }
}

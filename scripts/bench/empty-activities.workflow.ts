import { proxyActivities } from '@temporalio/workflow';

const { nothing } = proxyActivities<{ nothing(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

/** The benchmark's baseline: `count` empty activities, `inFlight` at a time, in one workflow. */
export async function emptyActivitiesWorkflow(count: number, inFlight: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        next += 1;
        await nothing();
      }
    }),
  );
}

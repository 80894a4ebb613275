/** Stops what a long run started, newest first, once, whether it ends, fails or is interrupted. */
export class Cleanups {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];
  private done: Promise<void> | undefined;

  /** A property, so it can be handed on as a callback. */
  readonly add = (name: string, run: () => Promise<void>): void => {
    this.steps.push({ name, run });
  };

  runAll(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        await step.run().catch((error: unknown) => console.error(`cleanup ${step.name} failed:`, error));
      }
    })();
    return this.done;
  }
}

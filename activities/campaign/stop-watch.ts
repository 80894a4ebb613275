/**
 * Watches a campaign's stored status while a batch sends: once it reads as paused or ended, the
 * batch sends nothing more (its unsent recipients wait for a later pass), so a pause takes effect
 * within one interval instead of at the end of the batch.
 */
export function watchForStop(readStatus: () => Promise<string>, intervalMs = 100): { readonly stopped: boolean; close(): void } {
  let stopped = false;
  let reading = false;
  const timer = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    readStatus()
      .then((status) => {
        stopped = status !== 'RUNNING';
      })
      .catch(() => undefined)
      .finally(() => {
        reading = false;
      });
  }, intervalMs);
  return {
    get stopped() {
      return stopped;
    },
    close: () => clearInterval(timer),
  };
}

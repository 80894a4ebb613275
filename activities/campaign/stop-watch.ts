export interface CampaignState {
  status: string;
  throttlePerSecond: number | null;
  cancelRequestedAt: Date | null;
}

/**
 * Watches a campaign's stored status and rate while a batch sends: once it reads as paused, ended or asked to cancel,
 * the batch sends nothing more (its unsent recipients wait for a later pass), so a pause takes effect
 * within one interval instead of at the end of the batch. A rate changed since the first reading
 * ends the batch after the chunks it has claimed, so the next batch sends at that rate.
 */
export function watchCampaign(read: () => Promise<CampaignState>, intervalMs = 100): { readonly stopped: boolean; readonly rateChanged: boolean; close(): void } {
  let stopped = false;
  let rateChanged = false;
  let reading = false;
  let rate: number | null | undefined;
  const look = () => {
    if (reading || stopped) return;
    reading = true;
    read()
      .then((state) => {
        stopped = state.status !== 'RUNNING' || state.cancelRequestedAt !== null;
        rate = rate === undefined ? state.throttlePerSecond : rate;
        rateChanged = state.throttlePerSecond !== rate;
      })
      .catch(() => undefined)
      .finally(() => {
        reading = false;
      });
  };
  look();
  const timer = setInterval(look, intervalMs);
  return {
    get stopped() {
      return stopped;
    },
    get rateChanged() {
      return rateChanged;
    },
    close: () => clearInterval(timer),
  };
}

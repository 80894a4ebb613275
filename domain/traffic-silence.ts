/** A silence shorter than this is never news, however busy the agency usually is. */
const MIN_SILENCE_MS = 30 * 60_000;
/** Warn when at least this many messages usually arrive in a silence as long as the current one: the chance of such a quiet spell by luck is below 0.1 %. */
const UNUSUAL_EXPECTED = 7;
export const BASELINE_DAYS = 7;

export interface InboundSilence {
  lastAt: Date | null;
  silentMinutes: number;
  /** How many messages usually arrive in the same hours of the day (average of the previous days). */
  usual: number;
  unusual: boolean;
}

/** Compares the current silence with the same hours on the previous days, so nights and weekends stay quiet. */
export function inboundSilence(lastAt: Date | null, now: Date, sameHoursOnPreviousDays: number): InboundSilence {
  const silentMs = lastAt ? now.getTime() - lastAt.getTime() : 0;
  const usual = Math.round((sameHoursOnPreviousDays / BASELINE_DAYS) * 10) / 10;
  return { lastAt, silentMinutes: Math.floor(silentMs / 60_000), usual, unusual: silentMs >= MIN_SILENCE_MS && usual >= UNUSUAL_EXPECTED };
}

/** Sends Meta accepted this long ago and still without any status mean the status webhook is not reaching Astor. */
export const STATUS_GRACE_MS = 15 * 60_000;
const STALLED_AT_LEAST = 5;

export interface StatusSilence {
  /** Sends older than the grace period with no status at all, in the last day. */
  unconfirmed: number;
  since: Date | null;
  lastStatusAt: Date | null;
  stalled: boolean;
}

export function statusSilence(unconfirmed: number, since: Date | null, lastStatusAt: Date | null): StatusSilence {
  const stoppedBefore = since !== null && (lastStatusAt === null || lastStatusAt < since);
  return { unconfirmed, since, lastStatusAt, stalled: unconfirmed >= STALLED_AT_LEAST && stoppedBefore };
}

import { systemClock, type Clock } from './clock';

/** The most lost time a pacer catches up, so no burst runs far ahead of the provider's limit. */
export const CATCH_UP_MS = 100;
/** Slot times are fractions of a millisecond apart; rounding must not cost a slot. */
const ROUNDING_MS = 1e-6;

/** Where a batch may send: booked on its sending number, after whatever other campaigns booked. */
export interface SendWindow {
  start: number;
  end: number;
}

/**
 * Spaces sends evenly at `perSecond` from the start of a booked window. Falling behind (a slow write,
 * a slow provider), it catches up at most CATCH_UP_MS and drops the rest of the lost time; a slot
 * that would then end past the window is refused, since the next booking on the number starts there.
 */
export class Pacer {
  private next: number;
  private readonly spacingMs: number;

  constructor(perSecond: number, private readonly window: SendWindow, private readonly clock: Clock = systemClock) {
    this.spacingMs = 1000 / perSecond;
    this.next = window.start;
  }

  private due(): number {
    return Math.max(this.next, this.clock.now() - CATCH_UP_MS);
  }

  /** How many of `count` slots taken from now on would fit in the window. */
  fitting(count: number): number {
    return Math.max(0, Math.min(count, Math.floor((this.window.end - this.due()) / this.spacingMs + ROUNDING_MS)));
  }

  /** Waits for the next slot and answers its time, or null when the window has no room left. */
  async slot(): Promise<number | null> {
    const now = this.clock.now();
    const at = Math.max(this.next, now - CATCH_UP_MS);
    if (at + this.spacingMs > this.window.end + ROUNDING_MS) return null;
    this.next = at + this.spacingMs;
    if (at > now) await this.clock.sleep(at - now);
    return at;
  }

  /** Where the next window of this campaign continues the schedule. */
  get notBefore(): number {
    return this.next;
  }
}

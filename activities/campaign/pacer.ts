import { systemClock, type Clock } from './clock';

/**
 * A second as pacers count it: sends on a number start PACED_SECOND_MS / limit apart, 4% further apart
 * than the limit asks. Of the 40 ms this leaves in every second, LATE_MS may go to a slot taken late
 * (a busy event loop, a slow write); the rest absorbs the jitter of the way to the provider, which
 * counts the messages as they arrive.
 */
export const PACED_SECOND_MS = 1_040;
/** How late a slot may still be taken. Later, it is lost: the schedule starts again from now, never catching up. */
export const LATE_MS = 20;
/** Slot times are fractions of a millisecond apart; rounding must not cost a slot. */
const ROUNDING_MS = 1e-6;

/** The time between consecutive send starts on a number sending `perSecond`. */
export const spacingMs = (perSecond: number) => PACED_SECOND_MS / perSecond;

/** Where a batch may send: booked on its sending number, after whatever was booked before. */
export interface SendWindow {
  start: number;
  end: number;
}

/**
 * Gives slots spacingMs(perSecond) apart from the start of a booked window, each ending within it
 * (the next booking on the number starts there) and each taken at most LATE_MS after its time. Slots
 * are thus never closer than 1000 / perSecond, across windows, campaigns and processes, and any
 * perSecond + 1 consecutive sends on a number span at least PACED_SECOND_MS − LATE_MS: no second ever
 * holds more than perSecond of them. Falling behind (a slow write, a slow provider) loses the slots
 * missed instead of sending them in a burst.
 */
export class Pacer {
  private next: number;
  private readonly spacingMs: number;

  constructor(perSecond: number, private readonly window: SendWindow, private readonly clock: Clock = systemClock) {
    this.spacingMs = spacingMs(perSecond);
    this.next = window.start;
  }

  /** The next slot still to be had: the scheduled one, or now once that one is more than LATE_MS gone. */
  private due(now: number): number {
    return now - this.next > LATE_MS ? now : this.next;
  }

  private fits(at: number): boolean {
    return at + this.spacingMs <= this.window.end + ROUNDING_MS;
  }

  /** How many of `count` slots taken from now on would fit in the window. */
  fitting(count: number): number {
    return Math.max(0, Math.min(count, Math.floor((this.window.end - this.due(this.clock.now())) / this.spacingMs + ROUNDING_MS)));
  }

  /** Waits until `earlyMs` before the next slot is due, without taking it; answers whether the window still holds it. */
  async ready(earlyMs = 0): Promise<boolean> {
    const now = this.clock.now();
    const at = this.due(now);
    if (!this.fits(at)) return false;
    if (at - earlyMs > now) await this.clock.sleep(at - earlyMs - now);
    return true;
  }

  /** Waits for the next slot and answers its time, or null when the window has no room left. */
  async slot(): Promise<number | null> {
    if (!(await this.ready())) return null;
    // Woken more than LATE_MS after the slot (a busy event loop), it is lost too: the slot is now.
    const at = this.due(this.clock.now());
    if (!this.fits(at)) return null;
    this.next = at + this.spacingMs;
    return at;
  }

  /** Where the next window of this campaign continues the schedule. */
  get notBefore(): number {
    return this.next;
  }
}

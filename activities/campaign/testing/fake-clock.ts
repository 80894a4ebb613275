import type { Clock } from '../clock';

/** A clock that only moves when told to, or when something sleeps on it. */
export class FakeClock implements Clock {
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** A fake clock whose sleeps end `lateMs` after they should: a busy event loop. */
export class OversleepingClock extends FakeClock {
  constructor(time: number, private readonly lateMs: number) {
    super(time);
  }

  override async sleep(ms: number): Promise<void> {
    await super.sleep(ms + this.lateMs);
  }
}

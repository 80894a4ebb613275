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

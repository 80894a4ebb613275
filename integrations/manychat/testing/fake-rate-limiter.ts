/** Sliding-window request counts, the way a provider limits per account, endpoint or recipient. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request under `key`: 0 when it is allowed, otherwise the seconds until a slot frees. */
  take(key: string, limit: number, windowMs: number): number {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < windowMs);
    this.hits.set(key, recent);
    if (recent.length < limit) {
      recent.push(now);
      return 0;
    }
    return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
  }
}

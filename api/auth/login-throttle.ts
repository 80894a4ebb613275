/**
 * Counts failed sign-ins per account and per IP in a sliding window. In-process: with several API
 * instances each keeps its own count (a shared store is the upgrade path).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits = { perAccount: 5, perIp: 30, windowMs: 15 * 60 * 1000 },
    private readonly now = () => Date.now(),
  ) {}

  /** Seconds until the caller may try again, or 0 when allowed. */
  retryAfter(account: string, ip: string): number {
    return Math.max(this.wait(`a:${account.toLowerCase()}`, this.limits.perAccount), this.wait(`i:${ip}`, this.limits.perIp));
  }

  recordFailure(account: string, ip: string): void {
    for (const key of [`a:${account.toLowerCase()}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`a:${account.toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }

  private wait(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return Math.ceil((recent[recent.length - limit]! + this.limits.windowMs - this.now()) / 1000);
  }
}

export interface ThrottleLimits {
  /** Failures an (account, address) pair may make before each further attempt has to wait. */
  freeFailures: number;
  /** The first wait; each further failure of the pair doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A pair without failures for this long starts afresh. */
  pairMemoryMs: number;
  /** Failures one account may take from all addresses, and one address may make for all accounts, within windowMs. */
  perAccount: number;
  perIp: number;
  windowMs: number;
}

/**
 * An attacker at one address meets growing delays (5 free failures, then 1 s, 2 s, 4 s … 15 min), so
 * cannot reach the account ceiling alone (at most 14 failures in its 15 minutes): only a spread attack
 * slows the account for everyone, and only until the window slides.
 */
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = {
  freeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  pairMemoryMs: 24 * 60 * 60 * 1000,
  perAccount: 30,
  perIp: 100,
  windowMs: 15 * 60 * 1000,
};

/** Above this many tracked keys, stale ones are swept on the next failure. */
const SWEEP_ABOVE = 10_000;

/**
 * Slows guessing per (account, address) pair, per account and per address; it never locks an account.
 * In-process: with N API processes behind a balancer each keeps its own counts, so an attacker gets up
 * to N times the attempts; a shared counter (PostgreSQL) is the upgrade path if the API is scaled out.
 */
export class LoginThrottle {
  private readonly limits: ThrottleLimits;
  private readonly pairs = new Map<string, { failures: number; lastAt: number }>();
  private readonly windows = new Map<string, number[]>();

  constructor(
    limits: Partial<ThrottleLimits> = {},
    private readonly now = () => Date.now(),
  ) {
    this.limits = { ...DEFAULT_THROTTLE_LIMITS, ...limits };
  }

  /** Seconds until the caller may try again, or 0 when allowed. */
  retryAfter(account: string, ip: string): number {
    const keys = keysOf(account, ip);
    const waitMs = Math.max(this.pairWait(keys.pair), this.windowWait(keys.account, this.limits.perAccount), this.windowWait(keys.ip, this.limits.perIp));
    return Math.ceil(waitMs / 1000);
  }

  recordFailure(account: string, ip: string): void {
    const keys = keysOf(account, ip);
    const failures = (this.livePair(keys.pair)?.failures ?? 0) + 1;
    this.pairs.set(keys.pair, { failures, lastAt: this.now() });
    for (const key of [keys.account, keys.ip]) this.windows.set(key, [...this.recent(key), this.now()]);
    if (this.pairs.size + this.windows.size > SWEEP_ABOVE) this.sweep();
  }

  /** A sign-in that succeeded clears its pair; the account's and address's windows run out on their own. */
  recordSuccess(account: string, ip: string): void {
    this.pairs.delete(keysOf(account, ip).pair);
  }

  private livePair(key: string) {
    const pair = this.pairs.get(key);
    if (pair && this.now() - pair.lastAt >= this.limits.pairMemoryMs) this.pairs.delete(key);
    return this.pairs.get(key);
  }

  private pairWait(key: string): number {
    const pair = this.livePair(key);
    if (!pair || pair.failures < this.limits.freeFailures) return 0;
    const delay = Math.min(this.limits.baseDelayMs * 2 ** (pair.failures - this.limits.freeFailures), this.limits.maxDelayMs);
    return Math.max(0, pair.lastAt + delay - this.now());
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.windows.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.windows.delete(key);
    return kept;
  }

  private windowWait(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit]! + this.limits.windowMs - this.now();
  }

  private sweep(): void {
    for (const key of this.pairs.keys()) this.livePair(key);
    for (const key of this.windows.keys()) this.recent(key);
  }
}

/**
 * The address a throttle counts: an IPv6 client is its /64, since one subscriber holds a whole /64
 * and could otherwise start afresh from each of its addresses; an IPv4-mapped address is its IPv4.
 */
export function clientNetwork(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped) return mapped;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const [before, after] = [groups(head), groups(tail)];
  const hextets = tail === undefined ? before : [...before, ...Array<string>(Math.max(0, 8 - before.length - after.length)).fill('0'), ...after];
  const prefix = hextets.slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

function keysOf(account: string, ip: string) {
  const email = account.toLowerCase();
  const network = clientNetwork(ip);
  return { pair: `${email}\n${network}`, account: `a:${email}`, ip: `i:${network}` };
}

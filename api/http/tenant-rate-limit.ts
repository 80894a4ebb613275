import type { Plan } from '../../prisma/generated/enums';
import { REQUESTS_PER_MINUTE_BY_PLAN } from '../../domain/tenant-settings';
import { AppError } from '../../domain/app-error';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RequestsPerMinute = (plan: Plan) => number;

/**
 * A token bucket per agency so one busy tenant cannot starve the others. Buckets live in this
 * process: with N API instances behind a balancer an agency gets up to N times its budget.
 */
export class TenantRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: RequestsPerMinute = (plan) => REQUESTS_PER_MINUTE_BY_PLAN[plan],
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from the tenant's budget or throws 429 with the seconds until one is free. */
  take(tenantId: string, plan: Plan): void {
    const capacity = this.perMinute(plan);
    const refillPerMs = capacity / 60_000;
    const now = this.now();
    const bucket = this.buckets.get(tenantId) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(tenantId, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
      throw new AppError('rate_limited', `This agency made more than ${capacity} requests in a minute`, { retryAfterSeconds });
    }
    bucket.tokens -= 1;
  }
}

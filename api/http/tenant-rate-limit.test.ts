import { AppError } from '../../domain/app-error';
import { TenantRateLimiter } from './tenant-rate-limit';

describe('TenantRateLimiter', () => {
  it('refuses a tenant over its budget with Retry-After, without touching other tenants, and refills with time', () => {
    let now = 0;
    const limiter = new TenantRateLimiter(() => 3, () => now);
    for (let i = 0; i < 3; i += 1) limiter.take('a', 'BASIC');
    let refused: unknown;
    try {
      limiter.take('a', 'BASIC');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);
    expect((refused as AppError).extra.retryAfterSeconds).toBe(20);
    expect(() => limiter.take('b', 'BASIC')).not.toThrow();
    now += 20_000;
    expect(() => limiter.take('a', 'BASIC')).not.toThrow();
    expect(() => limiter.take('a', 'BASIC')).toThrow(AppError);
  });
});

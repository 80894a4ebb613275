import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let clock = 0;
  const throttle = () => new LoginThrottle({ perAccount: 3, perIp: 5, windowMs: 60_000 }, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('blocks an account after its limit of failures, with the seconds left', () => {
    const limiter = throttle();
    for (let i = 0; i < 3; i++) limiter.recordFailure('Ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(60);
    clock += 30_000;
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(30);
    clock += 30_001;
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(0);
  });

  it('blocks an IP that tries many accounts', () => {
    const limiter = throttle();
    for (let i = 0; i < 5; i++) limiter.recordFailure(`user${i}@x.com`, '9.9.9.9');
    expect(limiter.retryAfter('new@x.com', '9.9.9.9')).toBeGreaterThan(0);
    expect(limiter.retryAfter('new@x.com', '8.8.8.8')).toBe(0);
  });

  it("forgets an account's failures after a successful sign-in", () => {
    const limiter = throttle();
    for (let i = 0; i < 2; i++) limiter.recordFailure('ana@x.com', '1.1.1.1');
    limiter.recordSuccess('ana@x.com');
    limiter.recordFailure('ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '3.3.3.3')).toBe(0);
  });
});

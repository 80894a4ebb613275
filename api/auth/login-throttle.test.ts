import { clientNetwork, LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let clock = 0;
  const throttle = () => new LoginThrottle({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, pairMemoryMs: 3_600_000, perAccount: 10, perIp: 20, windowMs: 60_000 }, () => clock);
  const fail = (limiter: LoginThrottle, times: number, account: string, ip: string) => {
    for (let i = 0; i < times; i++) limiter.recordFailure(account, ip);
  };

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('lets a pair fail a few times, then doubles its wait with each failure up to the cap', () => {
    const limiter = throttle();
    fail(limiter, 2, 'Ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(0);
    const waits = [];
    for (let i = 0; i < 6; i++) {
      limiter.recordFailure('ana@x.com', '1.1.1.1');
      waits.push(limiter.retryAfter('ana@x.com', '1.1.1.1'));
      clock += 60_000;
    }
    expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
  });

  it('counts down the wait as time passes', () => {
    const limiter = throttle();
    fail(limiter, 5, 'ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(4);
    clock += 2_500;
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(2);
    clock += 1_500;
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(0);
  });

  it('does not slow the same account from another address', () => {
    const limiter = throttle();
    fail(limiter, 6, 'ana@x.com', '6.6.6.6');
    expect(limiter.retryAfter('ana@x.com', '6.6.6.6')).toBeGreaterThan(0);
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(0);
  });

  it('slows an account failed from many addresses until its window slides, without locking it', () => {
    const limiter = throttle();
    for (let i = 0; i < 10; i++) limiter.recordFailure('ana@x.com', `10.0.0.${i}`);
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(60);
    clock += 30_000;
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(30);
    clock += 30_000;
    expect(limiter.retryAfter('ana@x.com', '2.2.2.2')).toBe(0);
  });

  it('blocks an address that tries many accounts', () => {
    const limiter = throttle();
    for (let i = 0; i < 20; i++) limiter.recordFailure(`user${i}@x.com`, '9.9.9.9');
    expect(limiter.retryAfter('new@x.com', '9.9.9.9')).toBeGreaterThan(0);
    expect(limiter.retryAfter('new@x.com', '8.8.8.8')).toBe(0);
  });

  it("forgets a pair's failures after a successful sign-in from it", () => {
    const limiter = throttle();
    fail(limiter, 3, 'ana@x.com', '1.1.1.1');
    limiter.recordSuccess('ana@x.com', '1.1.1.1');
    fail(limiter, 2, 'ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(0);
  });

  it('forgets a pair that stayed quiet long enough', () => {
    const limiter = throttle();
    fail(limiter, 3, 'ana@x.com', '1.1.1.1');
    clock += 3_600_000;
    limiter.recordFailure('ana@x.com', '1.1.1.1');
    expect(limiter.retryAfter('ana@x.com', '1.1.1.1')).toBe(0);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped client by its IPv4 address', () => {
    const limiter = throttle();
    fail(limiter, 4, 'ana@x.com', '2001:db8:1:2::a');
    expect(limiter.retryAfter('ana@x.com', '2001:db8:1:2:ffff::b')).toBeGreaterThan(0);
    expect(limiter.retryAfter('ana@x.com', '2001:db8:1:3::a')).toBe(0);
    expect(clientNetwork('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientNetwork('2001:0db8:0001:0002:0000:0000:0000:000a')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
  });
});

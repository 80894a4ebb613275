import { integrationState } from './integration-state';

const now = new Date('2026-12-03T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const outcomes = (success: number | null, error: number | null, category: string | null = null) => ({
  lastSuccessAt: success === null ? null : ago(success),
  lastErrorAt: error === null ? null : ago(error),
  lastErrorCategory: category,
});

describe('integration state', () => {
  it('is untested before any real call, connected after one worked', () => {
    expect(integrationState(outcomes(null, null), now)).toBe('UNTESTED');
    expect(integrationState(outcomes(5, null), now)).toBe('CONNECTED');
  });

  it('follows the latest call: a refused token after a success, a success after a failure', () => {
    expect(integrationState(outcomes(60, 5, 'auth'), now)).toBe('TOKEN_REFUSED');
    expect(integrationState(outcomes(5, 60, 'auth'), now)).toBe('CONNECTED');
    expect(integrationState(outcomes(60, 5, 'temporary'), now)).toBe('FAILING');
  });

  it('remembers a rate limit for a quarter of an hour after the last refusal', () => {
    expect(integrationState(outcomes(60, 14, 'rate_limit'), now)).toBe('RATE_LIMITED');
    expect(integrationState(outcomes(60, 16, 'rate_limit'), now)).toBe('CONNECTED');
    expect(integrationState(outcomes(null, 16, 'rate_limit'), now)).toBe('UNTESTED');
  });
});

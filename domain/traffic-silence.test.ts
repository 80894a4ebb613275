import { inboundSilence, statusSilence } from './traffic-silence';

const now = new Date('2026-12-03T15:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('inbound silence', () => {
  it('warns when the same hours of the previous week usually bring several messages', () => {
    expect(inboundSilence(minutesAgo(120), now, 84)).toEqual({ lastAt: minutesAgo(120), silentMinutes: 120, usual: 12, unusual: true });
  });

  it('stays quiet at hours that are quiet anyway, like nights', () => {
    expect(inboundSilence(minutesAgo(480), now, 14).unusual).toBe(false);
  });

  it('never warns about a silence of less than half an hour, however busy the agency', () => {
    expect(inboundSilence(minutesAgo(29), now, 700).unusual).toBe(false);
    expect(inboundSilence(minutesAgo(30), now, 700).unusual).toBe(true);
  });

  it('has nothing to say for an agency that never received a message', () => {
    expect(inboundSilence(null, now, 0)).toMatchObject({ silentMinutes: 0, unusual: false });
  });
});

describe('status silence', () => {
  it('calls statuses stalled when sends go unconfirmed and no status came since the oldest of them', () => {
    expect(statusSilence(12, minutesAgo(90), minutesAgo(100)).stalled).toBe(true);
    expect(statusSilence(12, minutesAgo(90), null).stalled).toBe(true);
  });

  it('does not when statuses still arrive for other sends, or when only a few are missing', () => {
    expect(statusSilence(12, minutesAgo(90), minutesAgo(2)).stalled).toBe(false);
    expect(statusSilence(4, minutesAgo(90), null).stalled).toBe(false);
  });
});

import { dayAndWeekStart } from './time-zone';

describe('day and week starts in an agency time zone', () => {
  it('starts the day at local midnight and the week on Monday', () => {
    // Thursday 2026-12-03 01:30 in Buenos Aires (UTC-3) is 04:30 UTC.
    const { day, week } = dayAndWeekStart(Date.UTC(2026, 11, 3, 4, 30), 'America/Argentina/Buenos_Aires');
    expect(new Date(day).toISOString()).toBe('2026-12-03T03:00:00.000Z');
    expect(new Date(week).toISOString()).toBe('2026-11-30T03:00:00.000Z');
  });

  it('keeps a Sunday in the week that began the Monday before', () => {
    const { week } = dayAndWeekStart(Date.UTC(2026, 11, 6, 20, 0), 'America/Mexico_City');
    expect(new Date(week).toISOString()).toBe('2026-11-30T06:00:00.000Z');
  });
});

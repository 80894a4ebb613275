import { visitSteps } from './visit-steps';

const HOUR = 3_600_000;
const VISIT = Date.UTC(2026, 11, 3, 18, 0);
const ALL = { confirmation: true, reminderHoursBefore: 24, followUpHoursAfter: 2 };

describe('when a visit’s messages go out', () => {
  it('confirms at booking, reminds before and follows up after, keyed by the schedule', () => {
    const booked = VISIT - 72 * HOUR;
    expect(visitSteps(ALL, VISIT, booked)).toEqual([
      { step: 'confirmation', at: booked, key: `confirmation:${VISIT}` },
      { step: 'reminder', at: VISIT - 24 * HOUR, key: `reminder:${VISIT}` },
      { step: 'followUp', at: VISIT + 2 * HOUR, key: `followUp:${VISIT}` },
    ]);
  });

  it('sends no reminder for a visit booked closer than the reminder’s lead time', () => {
    expect(visitSteps(ALL, VISIT, VISIT - 3 * HOUR).map((step) => step.step)).toEqual(['confirmation', 'followUp']);
  });

  it('does not confirm a visit first seen after its time, and leaves out rules that are off', () => {
    expect(visitSteps(ALL, VISIT, VISIT + HOUR).map((step) => step.step)).toEqual(['followUp']);
    expect(visitSteps({ confirmation: false, reminderHoursBefore: null, followUpHoursAfter: null }, VISIT, VISIT - 72 * HOUR)).toEqual([]);
  });
});

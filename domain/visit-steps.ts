/** When a visit's automatic messages go out; pure, so the visit workflow can plan with it. */
export type VisitStep = 'confirmation' | 'reminder' | 'followUp';

export interface VisitTiming {
  confirmation: boolean;
  /** Hours before the visit, when the reminder is on. */
  reminderHoursBefore: number | null;
  followUpHoursAfter: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * The messages a visit at `scheduledAt` gets and when, for a schedule first seen at `bookedAt`:
 * the confirmation at once, the reminder only when the visit was booked earlier than the
 * reminder's time (a visit booked for this afternoon needs no reminder), the follow-up after it.
 * Keys name the schedule, so moving the visit re-arms every step.
 */
export function visitSteps(timing: VisitTiming, scheduledAt: number, bookedAt: number): { step: VisitStep; at: number; key: string }[] {
  const steps: { step: VisitStep; at: number }[] = [];
  if (timing.confirmation && bookedAt < scheduledAt) steps.push({ step: 'confirmation', at: bookedAt });
  const reminderAt = timing.reminderHoursBefore === null ? null : scheduledAt - timing.reminderHoursBefore * HOUR_MS;
  if (reminderAt !== null && reminderAt > bookedAt) steps.push({ step: 'reminder', at: reminderAt });
  if (timing.followUpHoursAfter !== null) steps.push({ step: 'followUp', at: scheduledAt + timing.followUpHoursAfter * HOUR_MS });
  return steps.map((step) => ({ ...step, key: `${step.step}:${scheduledAt}` }));
}

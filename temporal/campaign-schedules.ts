import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type DayOfWeek } from '@temporalio/client';
import type { RecurringSchedule } from '../domain/campaign';
import { SEARCH_ATTRIBUTES, workflowIds } from '../domain/temporal-contracts';
import { campaignRunWorkflow } from '../workflows/campaign-run.workflow';
import { instantOfIso } from '../domain/time-zone';
import type { CampaignRunInput } from '../workflows/campaign-run.contract';

/** A recurring schedule as a Temporal calendar in the agency's time zone. */
function calendarOf(schedule: RecurringSchedule) {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  return {
    hour,
    minute,
    ...(schedule.frequency === 'weekly' ? { dayOfWeek: schedule.daysOfWeek!.map((day) => ({ start: day as DayOfWeek, end: day as DayOfWeek })) } : {}),
    ...(schedule.frequency === 'monthly' ? { dayOfMonth: schedule.dayOfMonth! } : {}),
  };
}

/** The Temporal Schedules behind recurring campaigns: each firing starts a run workflow. */
export function campaignSchedules({ temporal, taskQueue }: { temporal: Client; taskQueue: string }) {
  const handle = (tenantId: string, campaignId: string) => temporal.schedule.getHandle(workflowIds.campaignSchedule(tenantId, campaignId));
  const ignoringMissing = async (work: Promise<void>) => {
    try {
      await work;
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  };

  return {
    async create(tenantId: string, campaignId: string, schedule: RecurringSchedule, timeZone: string): Promise<string> {
      const scheduleId = workflowIds.campaignSchedule(tenantId, campaignId);
      const input: CampaignRunInput = { tenantId, parentId: campaignId };
      await temporal.schedule.create({
        scheduleId,
        spec: { calendars: [calendarOf(schedule)], timezone: timeZone, ...(schedule.until ? { endAt: new Date(instantOfIso(schedule.until, timeZone)) } : {}) },
        action: { type: 'startWorkflow', workflowType: campaignRunWorkflow, workflowId: workflowIds.campaignRun(tenantId, campaignId), taskQueue, args: [input] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
        searchAttributes: { [SEARCH_ATTRIBUTES.tenantId]: [tenantId], [SEARCH_ATTRIBUTES.entityId]: [campaignId] },
      });
      return scheduleId;
    },
    pause: (tenantId: string, campaignId: string, note: string) => handle(tenantId, campaignId).pause(note),
    resume: (tenantId: string, campaignId: string, note: string) => handle(tenantId, campaignId).unpause(note),
    /** A run outside the calendar: now, or as soon as a run in progress ends (a paused campaign's run opens nothing). */
    runNow: (tenantId: string, campaignId: string) => handle(tenantId, campaignId).trigger(ScheduleOverlapPolicy.BUFFER_ONE),
    cancel: (tenantId: string, campaignId: string) => ignoringMissing(handle(tenantId, campaignId).delete()),
    describe: (tenantId: string, campaignId: string) => handle(tenantId, campaignId).describe(),
  };
}

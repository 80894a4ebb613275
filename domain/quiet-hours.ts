import { instantOf, localTimeAt } from './time-zone';

/** Local "HH:MM" times; a window may cross midnight (21:00 → 09:00). */
export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** When `now` falls in the quiet window: the instant it ends; otherwise undefined. */
export function quietUntil(now: number, quiet: QuietHours, timeZone: string): number | undefined {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const local = localTimeAt(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  const endsTomorrow = start > end && minute >= start;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  return instantOf({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(end / 60), minute: end % 60 }, timeZone);
}

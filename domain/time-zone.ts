/** Wall-clock time in an IANA time zone, without a date library (Intl is enough, also inside workflows). */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localTimeAt(epochMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The instant at which the zone's clocks show `local` (the earlier one when clocks go back). */
export function instantOf(local: LocalTime, timeZone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let guess = asUtc;
  for (let i = 0; i < 3; i += 1) {
    const shown = localTimeAt(guess, timeZone);
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += asUtc - shownAsUtc;
  }
  return guess;
}

/** An ISO date-time with an offset as given; without one, as wall-clock time in `timeZone`. */
export function instantOfIso(value: string, timeZone: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!local) return Date.parse(value);
  const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
  return instantOf({ year, month, day, hour, minute }, timeZone);
}

/** Midnight starting the local day of `epochMs`, and the Monday starting its week, as instants. */
export function dayAndWeekStart(epochMs: number, timeZone: string): { day: number; week: number } {
  const local = localTimeAt(epochMs, timeZone);
  const day = instantOf({ ...local, hour: 0, minute: 0 }, timeZone);
  const weekday = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(local.year, local.month - 1, local.day - weekday));
  return { day, week: instantOf({ year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate(), hour: 0, minute: 0 }, timeZone) };
}

/**
 * Calendar dates without a time (ngày), and the bridge to instants in a time zone. Pure; time
 * zones through `Intl`, so the deployment's `TIME_ZONE` (Asia/Ho_Chi_Minh by default) is honoured.
 */

/** A date on the wall calendar: 1-based month and day. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC-based arithmetic on the calendar, no time zone involved). */
export const toDayNumber = (d: CivilDate) => Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);

export function fromDayNumber(n: number): CivilDate {
  const t = new Date(n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export const addDays = (d: CivilDate, days: number) => fromDayNumber(toDayNumber(d) + days);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (d: CivilDate) => (toDayNumber(d) + 4) % 7;

export const isoDate = (d: CivilDate) =>
  `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** Is the date real (31/2 is not)? */
export function isValidDate(d: CivilDate): boolean {
  const back = fromDayNumber(toDayNumber(d));
  return back.year === d.year && back.month === d.month && back.day === d.day;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar date of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): CivilDate {
  const w = wallClock(instant, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/** The instant a wall-clock time happens in a time zone (the zone's offset on that date). */
export function instantAt(
  d: CivilDate,
  time: { hour: number; minute: number; second: number; ms?: number },
  timeZone: string,
): Date {
  const asUtc = Date.UTC(d.year, d.month - 1, d.day, time.hour, time.minute, time.second, time.ms ?? 0);
  // The offset at a guess, then once more at the corrected instant (exact except inside a DST jump).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(guess / 1000) * 1000;
    guess = asUtc - offset;
  }
  return new Date(guess);
}

/** The last millisecond of a date in a time zone: a deadline "within that day". */
export const endOfDay = (d: CivilDate, timeZone: string) =>
  instantAt(d, { hour: 23, minute: 59, second: 59, ms: 999 }, timeZone);

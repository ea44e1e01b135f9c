/**
 * Working days (ngày làm việc) in Vietnam: Monday to Friday, except public holidays (Bộ luật Lao
 * động 2019, Điều 112): Tết Dương lịch (1/1), Tết Âm lịch (5 days: the last day of the lunar year
 * and the first four of the new one), Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, Quốc khánh (2/9
 * and the day next to it that makes a long weekend). A holiday on a Saturday or Sunday is made up
 * on the next working day (Điều 112.3).
 *
 * Each year the Government fixes the exact days and swaps (hoán đổi ngày làm việc): those differ from
 * the rule above in some years, so a deployment lists them in `extra` (days off) and `workdays`
 * (Saturdays worked in exchange). Pure.
 */
import { addDays, isoDate, toDayNumber, weekday, type CivilDate } from "./civil-date.ts";
import { lunarToSolar, tet } from "./lunar.ts";

/** Adjustments decided for a deployment: extra days off and weekend days worked, ISO dates. */
export interface HolidayAdjustments {
  extra?: readonly string[];
  workdays?: readonly string[];
}

/** The public holidays of a Gregorian year, compensation days included, as ISO dates with names. */
export function publicHolidays(year: number): Map<string, string> {
  const days = new Map<string, string>();
  const add = (d: CivilDate, name: string) => days.set(isoDate(d), name);

  add({ year, month: 1, day: 1 }, "Tết Dương lịch");
  // Tết of this Gregorian year, and of the next one when its eve falls in late December (never so far).
  for (const y of [year, year + 1]) {
    const newYear = tet(y);
    add(addDays(newYear, -1), "Tết Nguyên đán (ngày cuối năm âm lịch)");
    for (let i = 0; i < 4; i++) add(addDays(newYear, i), `Tết Nguyên đán (mùng ${i + 1})`);
  }
  add(lunarToSolar(10, 3, year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
  add({ year, month: 4, day: 30 }, "Ngày Giải phóng miền Nam");
  add({ year, month: 5, day: 1 }, "Ngày Quốc tế Lao động");
  const national = { year, month: 9, day: 2 };
  add(national, "Quốc khánh");
  // The second day: the one that joins the weekend (Monday's 2/9 takes the 3rd; otherwise the 1st).
  const dow = weekday(national);
  add(addDays(national, dow === 1 || dow === 0 ? 1 : -1), "Quốc khánh (ngày liền kề)");

  // Compensation: each holiday on a weekend gives the next day that is neither weekend nor holiday.
  const onWeekend = [...days.keys()].filter((iso) => {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    return isWeekend({ year: y, month: m, day: d });
  });
  for (const iso of onWeekend.sort()) {
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    let next = addDays({ year: y, month: m, day: d }, 1);
    while (isWeekend(next) || days.has(isoDate(next))) next = addDays(next, 1);
    add(next, `Nghỉ bù (${days.get(iso)})`);
  }
  for (const iso of [...days.keys()]) if (!iso.startsWith(`${year}-`)) days.delete(iso);
  return days;
}

const isWeekend = (d: CivilDate) => {
  const w = weekday(d);
  return w === 0 || w === 6;
};

const cache = new Map<number, Map<string, string>>();
function holidaysOf(year: number): Map<string, string> {
  let h = cache.get(year);
  if (!h) {
    h = publicHolidays(year);
    cache.set(year, h);
  }
  return h;
}

/** Is this a working day (not a weekend, not a holiday, or a weekend day worked by decision)? */
export function isWorkingDay(d: CivilDate, adjustments: HolidayAdjustments = {}): boolean {
  const iso = isoDate(d);
  if (adjustments.workdays?.includes(iso)) return true;
  if (adjustments.extra?.includes(iso)) return false;
  return !isWeekend(d) && !holidaysOf(d.year).has(iso);
}

/**
 * The `n`-th working day after `from` (not counting `from` itself): "within 2 working days of the
 * event" ends at the end of the day this returns for n = 2.
 */
export function addWorkingDays(from: CivilDate, n: number, adjustments: HolidayAdjustments = {}): CivilDate {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, adjustments)) left--;
  }
  return d;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: CivilDate, to: CivilDate, adjustments: HolidayAdjustments = {}): number {
  let count = 0;
  for (let n = toDayNumber(from) + 1; n <= toDayNumber(to); n++) {
    if (isWorkingDay(addDays(from, n - toDayNumber(from)), adjustments)) count++;
  }
  return count;
}

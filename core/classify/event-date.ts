/**
 * When did it happen (thời điểm sự kiện)? The first date a news text gives for its event, relative
 * to when it was received: "sáng ngày 15/11", "ngày 3 tháng 11 năm 2025", "hôm qua", "tối qua",
 * "sáng nay", "hôm kia", "chiều thứ Sáu", "thứ 5 tuần trước", "Chủ nhật vừa qua". Accents optional
 * ("sang ngay 15/11", "chieu thu sau"). Pure; the caller gives the receipt time and time zone.
 *
 * A day and month without a year take the year that puts them nearest to the receipt. A bare
 * "15/11" counts only after a word that introduces a date ("ngày", "sáng", "từ"…) so that "1/2 số
 * hộ" or "Quyết định 45/QĐ" are not read as dates.
 */
import { addDays, dateIn, isValidDate, toDayNumber, weekday, type CivilDate } from "../calendar/civil-date.ts";
import { foldedForm } from "../text/normalize.ts";
import { normalizeText, stripDiacritics } from "../text.ts";

export interface EventDate {
  date: CivilDate;
  /** The words it was read from, as written. */
  phrase: string;
}

const WEEKDAYS: Readonly<Record<string, number>> = {
  "chu nhat": 0,
  cn: 0,
  "thu hai": 1,
  "thu 2": 1,
  "thu ba": 2,
  "thu 3": 2,
  "thu tu": 3,
  "thu 4": 3,
  "thu nam": 4,
  "thu 5": 4,
  "thu sau": 5,
  "thu 6": 5,
  "thu bay": 6,
  "thu 7": 6,
};

// On the accent-free text, lower-case, punctuation kept (dates need their slashes).
const INTRO = String.raw`(?:ngay|sang|chieu|toi|trua|dem|hom|tu|vao|dip|nay|qua)`;
const PATTERNS: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray, today: CivilDate) => CivilDate | null }> = [
  {
    // "ngày 15 tháng 11 năm 2025", "15 tháng 11"
    re: /\b(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b/g,
    read: (m, today) => dayMonth(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null, today),
  },
  {
    // "15/11/2025", "15-11-2025", "15.11.2025": a full date stands on its own.
    re: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g,
    read: (m, today) => dayMonth(Number(m[1]), Number(m[2]), fullYear(m[3]!), today),
  },
  {
    // "sáng ngày 15/11", "chiều 12/10", "từ 1/10": day/month after a word that introduces a date.
    re: new RegExp(String.raw`\b${INTRO}(?: ngay| nay)? (\d{1,2})/(\d{1,2})\b(?![/.-]\d)`, "g"),
    read: (m, today) => dayMonth(Number(m[1]), Number(m[2]), null, today),
  },
  {
    re: /\b(?:hom nay|sang nay|chieu nay|trua nay|toi nay|dem nay|ngay hom nay)\b/g,
    read: (_m, today) => today,
  },
  {
    re: /\b(?:hom qua|sang qua|chieu qua|trua qua|toi qua|dem qua|ngay hom qua)\b/g,
    read: (_m, today) => addDays(today, -1),
  },
  {
    re: /\b(?:hom kia|toi hom kia)\b/g,
    read: (_m, today) => addDays(today, -2),
  },
];

// "(sáng) thứ Sáu (tuần trước | tuần này | tuần sau | vừa qua)", "Chủ nhật". Read with diacritics when
// the text has them: accent-free, "thứ tự" (order) and "thu 5 triệu" (collect) look like weekdays.
const WEEKDAY_ACCENTED =
  /(?<![\p{L}\d])(chủ nhật|thứ (?:hai|ba|tư|năm|sáu|bảy|[2-7]))(?![\p{L}\d])(?: (tuần trước|tuần qua|tuần này|tuần sau|tuần tới|vừa qua|rồi))?/gu;
const WEEKDAY_PLAIN =
  /\b(chu nhat|(?<=(?:sang|chieu|toi|trua|dem|vao|ngay|hom) )thu (?:hai|ba|tu|nam|sau|bay|[2-7]))\b(?: (tuan truoc|tuan qua|tuan nay|tuan sau|tuan toi|vua qua|roi))?/g;

/** The event date of a text received at `receivedAt`, in `timeZone`; null when it gives none. */
export function extractEventDate(text: string, receivedAt: Date, timeZone: string): EventDate | null {
  const written = normalizeText(text).slice(0, 2000);
  // Same length as `written` (diacritics removed per character, đ→d), so positions map back.
  const plain = stripDiacritics(written.normalize("NFC")).toLowerCase();
  const sameLength = plain.length === written.length;
  const today = dateIn(receivedAt, timeZone);
  let best: { at: number; date: CivilDate; length: number } | null = null;
  const hasMarks = /[^\p{ASCII}]/u.test(written);
  const weekdays = {
    re: hasMarks ? WEEKDAY_ACCENTED : WEEKDAY_PLAIN,
    read: (m: RegExpExecArray, day: CivilDate) =>
      weekdayDate(WEEKDAYS[stripDiacritics(m[1]!)]!, m[2] ? stripDiacritics(m[2]) : null, day),
  };
  const lower = written.toLowerCase();
  for (const { re, read } of [...PATTERNS, weekdays]) {
    const subject = re === WEEKDAY_ACCENTED ? lower : plain;
    re.lastIndex = 0;
    for (let m = re.exec(subject); m; m = re.exec(subject)) {
      if (best && m.index >= best.at) break;
      const date = read(m, today);
      if (date) {
        best = { at: m.index, date, length: m[0].length };
        break;
      }
    }
  }
  if (!best) return null;
  const phrase = sameLength
    ? written.slice(best.at, best.at + best.length)
    : foldedForm(plain.slice(best.at, best.at + best.length));
  return { date: best.date, phrase };
}

function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

/** A day and month, in the given year or the one (last, this, next) nearest to today. */
function dayMonth(day: number, month: number, year: number | null, today: CivilDate): CivilDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (year !== null) {
    const d = { year, month, day };
    return isValidDate(d) ? d : null;
  }
  const candidates = [today.year - 1, today.year, today.year + 1]
    .map((y) => ({ year: y, month, day }))
    .filter(isValidDate);
  if (candidates.length === 0) return null;
  const distance = (d: CivilDate) => Math.abs(toDayNumber(d) - toDayNumber(today));
  return candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}

/** A weekday: by default the latest one on or before today (news reports what happened). */
function weekdayDate(target: number, qualifier: string | null, today: CivilDate): CivilDate {
  const back = (weekday(today) - target + 7) % 7;
  const latest = addDays(today, -back);
  switch (qualifier) {
    case "tuan truoc":
    case "tuan qua":
      // Last week's: Monday-based weeks, as Vietnamese calendars print them.
      return addDays(thisWeeks(target, today), -7);
    case "tuan nay":
      return thisWeeks(target, today);
    case "tuan sau":
    case "tuan toi":
      return addDays(thisWeeks(target, today), 7);
    default:
      return latest;
  }
}

function thisWeeks(target: number, today: CivilDate): CivilDate {
  const mondayBased = (d: number) => (d + 6) % 7;
  return addDays(today, mondayBased(target) - mondayBased(weekday(today)));
}

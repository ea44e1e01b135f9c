/**
 * Sending deadlines (thời hạn gửi tin): news within N working days of the event, documents of their
 * issue, plans and reports, articles — N per category from configuration (defaults: 2, 3, 5, 7,
 * `000` Điều 6). A late item is flagged on the review card, never dropped. Pure.
 */
import { endOfDay, instantAt, type CivilDate } from "../calendar/civil-date.ts";
import { addWorkingDays, type HolidayAdjustments } from "../calendar/working-days.ts";
import { foldedForm } from "../text/normalize.ts";
import { extractEventDate } from "./event-date.ts";

/** What kind of news item, for its deadline: tin / văn bản / kế hoạch, báo cáo / bài viết. */
export type NewsCategory = "news" | "document" | "plan" | "article";

/** Working days allowed per category (configuration `DEADLINE_*_WORKING_DAYS`). */
export interface DeadlineSettings {
  newsWorkingDays: number;
  documentWorkingDays: number;
  planWorkingDays: number;
  articleWorkingDays: number;
}

export const DEFAULT_DEADLINES: DeadlineSettings = {
  newsWorkingDays: 2,
  documentWorkingDays: 3,
  planWorkingDays: 5,
  articleWorkingDays: 7,
};

/** An article is long: a report of an event is a few paragraphs at most. */
const ARTICLE_MIN_CHARS = 2500;

/** Reads the category from the opening of the text (folded, so accents do not matter). */
export function newsCategory(text: string): NewsCategory {
  const opening = ` ${foldedForm(text.slice(0, 400))} `;
  if (/ (bai viet|gui bai|xin gui bai|guong dien hinh|mo hinh hay|kinh nghiem hay|phong su|ky su) /.test(opening))
    return "article";
  if (text.length >= ARTICLE_MIN_CHARS) return "article";
  if (/ (ke hoach|bao cao) (so )?\d/.test(opening) || /^ (ke hoach|bao cao) /.test(opening)) return "plan";
  if (
    / (quyet dinh|thong bao|cong van|chi thi|nghi quyet|van ban|huong dan) so \d/.test(opening) ||
    /\b\d+\/(?:\d{4}\/)?(?:QĐ|TB|CV|CT|NQ|HD|KH|BC)(?![\p{L}\d])/u.test(text.slice(0, 400))
  )
    return /\b\d+\/(?:\d{4}\/)?(?:KH|BC)(?![\p{L}\d])/u.test(text.slice(0, 400)) ? "plan" : "document";
  return "news";
}

/** The deadline verdict of a news item: its event date, the deadline, whether it came late. */
export interface Deadline {
  eventDate: Date;
  /** The event date as read, and the words it was read from. */
  eventDay: CivilDate;
  phrase: string;
  category: NewsCategory;
  workingDays: number;
  deadlineAt: Date;
  late: boolean;
}

/**
 * The deadline of a news text received at `receivedAt`, or null when the text gives no event date.
 * The event date is stored as the start of that day in the deployment's time zone; the deadline is
 * the end of the last allowed working day.
 */
export function newsDeadline(
  text: string,
  receivedAt: Date,
  settings: { timeZone: string; deadlines?: DeadlineSettings; holidays?: HolidayAdjustments },
): Deadline | null {
  const event = extractEventDate(text, receivedAt, settings.timeZone);
  if (!event) return null;
  const category = newsCategory(text);
  const d = settings.deadlines ?? DEFAULT_DEADLINES;
  const workingDays = {
    news: d.newsWorkingDays,
    document: d.documentWorkingDays,
    plan: d.planWorkingDays,
    article: d.articleWorkingDays,
  }[category];
  const deadlineAt = endOfDay(addWorkingDays(event.date, workingDays, settings.holidays), settings.timeZone);
  const eventDate = instantAt(event.date, { hour: 0, minute: 0, second: 0 }, settings.timeZone);
  return {
    eventDate,
    eventDay: event.date,
    phrase: event.phrase,
    category,
    workingDays,
    deadlineAt,
    late: receivedAt.getTime() > deadlineAt.getTime(),
  };
}

import { describe, expect, it } from "vitest";
import { dateIn, endOfDay, isoDate, type CivilDate } from "../../../core/calendar/civil-date.ts";
import { lunarToSolar, tet } from "../../../core/calendar/lunar.ts";
import { addWorkingDays, isWorkingDay, publicHolidays } from "../../../core/calendar/working-days.ts";
import { newsCategory, newsDeadline } from "../../../core/classify/deadline.ts";

const d = (iso: string): CivilDate => {
  const [year, month, day] = iso.split("-").map(Number) as [number, number, number];
  return { year, month, day };
};
const TZ = "Asia/Ho_Chi_Minh";

describe("the lunar calendar", () => {
  it("places Tết where the Vietnamese calendar has it", () => {
    // Published dates of Tết Nguyên đán.
    expect(isoDate(tet(2023))).toBe("2023-01-22");
    expect(isoDate(tet(2024))).toBe("2024-02-10");
    expect(isoDate(tet(2025))).toBe("2025-01-29");
    expect(isoDate(tet(2026))).toBe("2026-02-17");
    expect(isoDate(tet(2027))).toBe("2027-02-06");
    // 1985: Vietnam (UTC+7) and China (UTC+8) celebrated a month apart; Vietnam on 21/1.
    expect(isoDate(tet(1985))).toBe("1985-01-21");
  });

  it("places Giỗ Tổ Hùng Vương (10/3 lunar)", () => {
    expect(isoDate(lunarToSolar(10, 3, 2024))).toBe("2024-04-18");
    expect(isoDate(lunarToSolar(10, 3, 2025))).toBe("2025-04-07");
    expect(isoDate(lunarToSolar(10, 3, 2026))).toBe("2026-04-26");
  });
});

describe("working days", () => {
  it("lists the statutory holidays with the weekend ones made up", () => {
    const h = publicHolidays(2026);
    for (const day of [
      "2026-01-01",
      "2026-02-16",
      "2026-02-17",
      "2026-02-20",
      "2026-04-26",
      "2026-04-30",
      "2026-05-01",
      "2026-09-02",
    ])
      expect(h.has(day), day).toBe(true);
    // Giỗ Tổ 2026 is a Sunday: made up on Monday 27/4.
    expect(h.get("2026-04-27")).toMatch(/^Nghỉ bù/);
    // 2/9/2025 is a Tuesday: the day joined to it is Monday 1/9.
    expect(publicHolidays(2025).has("2025-09-01")).toBe(true);
  });

  it("counts across Tết: two working days after Friday 13/2/2026 end on Tuesday 24/2", () => {
    // 14-15 weekend, 16-20 Tết (29 Tháng Chạp to mùng 4), 21-22 weekend.
    expect(isoDate(addWorkingDays(d("2026-02-13"), 1))).toBe("2026-02-23");
    expect(isoDate(addWorkingDays(d("2026-02-13"), 2))).toBe("2026-02-24");
    // Tết 2025 by the rule: 28/1 (last day) to 1/2 (mùng 4, a Saturday, made up on Monday 3/2).
    expect(isoDate(addWorkingDays(d("2025-01-24"), 3))).toBe("2025-02-05"); // Mon 27/1, Tue 4/2, Wed 5/2
  });

  it("skips weekends and honours the year's decided swaps", () => {
    expect(isoDate(addWorkingDays(d("2025-11-14"), 2))).toBe("2025-11-18"); // Fri → Tue
    expect(isWorkingDay(d("2025-11-15"))).toBe(false);
    const swaps = { extra: ["2025-11-17"], workdays: ["2025-11-15"] };
    expect(isWorkingDay(d("2025-11-15"), swaps)).toBe(true);
    expect(isoDate(addWorkingDays(d("2025-11-14"), 2, swaps))).toBe("2025-11-18"); // Sat worked, Mon off
  });
});

describe("news deadlines", () => {
  it("reads the category from the opening", () => {
    expect(newsCategory("Sáng ngày 15/11, xã tổ chức hội nghị")).toBe("news");
    expect(newsCategory("UBND xã ban hành Quyết định số 123/QĐ-UBND ngày 10/11/2025 về…")).toBe("document");
    expect(newsCategory("Kế hoạch số 45/KH-UBND về rà soát dữ liệu hộ tịch")).toBe("plan");
    expect(newsCategory("Xin gửi bài viết về mô hình nuôi ong của anh Tài")).toBe("article");
  });

  it("is two working days from the event for news, and flags what comes later", () => {
    // Received Tuesday 18/11/2025 10:00 in Hà Nội.
    const received = new Date("2025-11-18T03:00:00Z");
    const onTime = newsDeadline("Chiều thứ Sáu vừa qua, hội phụ nữ xã tổ chức tọa đàm", received, { timeZone: TZ })!;
    expect(isoDate(dateIn(onTime.eventDate, TZ))).toBe("2025-11-14");
    expect(onTime.deadlineAt.toISOString()).toBe(endOfDay(d("2025-11-18"), TZ).toISOString());
    expect(onTime.deadlineAt.toISOString()).toBe("2025-11-18T16:59:59.999Z");
    expect(onTime.late).toBe(false);

    const late = newsDeadline("Sáng ngày 12/11, xã tổ chức hội nghị", received, { timeZone: TZ })!;
    expect([late.category, late.workingDays, late.late]).toEqual(["news", 2, true]);

    const plan = newsDeadline("Kế hoạch số 45/KH-UBND ngày 12/11/2025 về rà soát", received, { timeZone: TZ })!;
    expect([plan.category, plan.workingDays, plan.late]).toEqual(["plan", 5, false]);

    const configured = newsDeadline("Sáng ngày 12/11, xã tổ chức hội nghị", received, {
      timeZone: TZ,
      deadlines: { newsWorkingDays: 5, documentWorkingDays: 3, planWorkingDays: 5, articleWorkingDays: 7 },
    })!;
    expect(configured.late).toBe(false);
    expect(newsDeadline("Xã tổ chức hội nghị tổng kết", received, { timeZone: TZ })).toBeNull();
  });
});

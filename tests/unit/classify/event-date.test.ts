import { describe, expect, it } from "vitest";
import { isoDate } from "../../../core/calendar/civil-date.ts";
import { extractEventDate } from "../../../core/classify/event-date.ts";

// Tuesday 18 November 2025, 10:00 in Hà Nội (03:00 UTC).
const NOW = new Date("2025-11-18T03:00:00Z");
const read = (text: string, now = NOW) => {
  const e = extractEventDate(text, now, "Asia/Ho_Chi_Minh");
  return e ? [isoDate(e.date), e.phrase] : null;
};

describe("event dates", () => {
  it("reads day and month after a word that introduces them, with or without diacritics", () => {
    expect(read("Sáng ngày 15/11, UBND xã tổ chức hội nghị")).toEqual(["2025-11-15", "Sáng ngày 15/11"]);
    expect(read("sang ngay 15/11 xa to chuc hoi nghi")).toEqual(["2025-11-15", "sang ngay 15/11"]);
    expect(read("Chiều 12/10, Hội Nông dân xã phối hợp")).toEqual(["2025-10-12", "Chiều 12/10"]);
    expect(read("Từ 1/10 đến 30/11 xã tổ chức đợt cao điểm")).toEqual(["2025-10-01", "Từ 1/10"]);
  });

  it("reads full dates and dates in words", () => {
    expect(read("Tối 30/12/2024 đã diễn ra đêm văn nghệ")).toEqual(["2024-12-30", "30/12/2024"]);
    expect(read("Ngày 3 tháng 11 năm 2025, xã tổ chức")).toEqual(["2025-11-03", "3 tháng 11 năm 2025"]);
  });

  it("reads relative days against the time of receipt", () => {
    expect(read("Hôm qua đoàn thanh niên ra quân")).toEqual(["2025-11-17", "Hôm qua"]);
    expect(read("toi qua co vu chay")).toEqual(["2025-11-17", "toi qua"]);
    expect(read("Sáng nay xã ra quân dọn vệ sinh")).toEqual(["2025-11-18", "Sáng nay"]);
    expect(read("Hôm kia xã họp")).toEqual(["2025-11-16", "Hôm kia"]);
    // 23:30 on the 17th UTC is already the 18th in Hà Nội: "hôm qua" is the 17th.
    expect(read("Hôm qua xã họp", new Date("2025-11-17T17:30:00Z"))).toEqual(["2025-11-17", "Hôm qua"]);
  });

  it("reads weekdays as the latest one, or in the week named", () => {
    expect(read("Chiều thứ Sáu vừa qua, Hội phụ nữ tổ chức tọa đàm")).toEqual(["2025-11-14", "thứ Sáu vừa qua"]);
    expect(read("chieu thu sau, hoi phu nu to chuc")).toEqual(["2025-11-14", "thu sau"]);
    expect(read("Sáng thứ Hai, xã ra quân")).toEqual(["2025-11-17", "thứ Hai"]);
    expect(read("Thứ 5 tuần trước xã họp")).toEqual(["2025-11-13", "Thứ 5 tuần trước"]);
    // Weeks run Monday to Sunday: this week's Sunday is the 23rd, next week's the 30th.
    expect(read("Chủ nhật tuần này xã tổ chức giải chạy")).toEqual(["2025-11-23", "Chủ nhật tuần này"]);
    expect(read("Chủ nhật tuần sau xã tổ chức giải chạy")).toEqual(["2025-11-30", "Chủ nhật tuần sau"]);
  });

  it("takes the year nearest to receipt, and ignores what only looks like a date", () => {
    expect(read("Ngày 5/1 xã tổ chức", new Date("2025-12-28T03:00:00Z"))).toEqual(["2026-01-05", "Ngày 5/1"]);
    expect(read("Ngày 20/12 xã tổ chức", new Date("2026-01-03T03:00:00Z"))).toEqual(["2025-12-20", "Ngày 20/12"]);
    expect(read("Thực hiện Quyết định 45/QĐ-UBND, 1/2 số hộ đã nộp")).toBeNull();
    expect(read("Xếp hồ sơ theo thứ tự, cần thu 5 triệu")).toBeNull();
    expect(read("Ngày 31/2 xã họp")).toBeNull();
  });

  it("takes the first date of the text", () => {
    expect(read("Hôm qua, thực hiện kế hoạch ngày 10/11, xã ra quân")).toEqual(["2025-11-17", "Hôm qua"]);
  });
});

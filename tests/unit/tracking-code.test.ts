import { expect, it } from "vitest";
import { formatTrackingCode, parseTrackingCode } from "../../core/tracking-code.ts";
import { initials, slugFor, withoutPersonalData } from "../../core/publishing/publication-text.ts";

it("tracking codes read aloud and parse back from what people type", () => {
  expect(formatTrackingCode(42)).toBe("TB-0042");
  expect(formatTrackingCode(123456)).toBe("TB-123456");
  for (const typed of ["TB-0042", "tb0042", "tb 42", "#TB-42", "0042", " Tb-42 "])
    expect(parseTrackingCode(typed)).toBe(42);
  for (const bad of ["", "TB-", "TB-00", "abc", "TB-42x", "-1"]) expect(parseTrackingCode(bad)).toBeNull();
});

it("published text: slugs without diacritics, initials for citizens, personal data hidden", () => {
  expect(slugFor("Hội nghị tổng kết Đảng bộ năm 2026!", 7)).toBe("hoi-nghi-tong-ket-dang-bo-nam-2026-7");
  expect(slugFor("!!!", 8)).toBe("tin-8");
  expect(initials("Nguyễn Thị Dân")).toBe("N.T.D.");
  expect(initials(null)).toBe("Người dân");
  const hidden = withoutPersonalData("em tên Lan, sđt 0912 345 678, mail lan@gmail.com, CCCD 001234567890");
  expect(hidden).not.toMatch(/0912|lan@|001234567890/);
  expect(hidden).toContain("em tên Lan");
});

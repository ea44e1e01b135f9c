import { describe, expect, it } from "vitest";
import {
  canonicalTonePlacement,
  excerpt,
  foldForMatch,
  matchTokens,
  normalizeText,
  stripDiacritics,
} from "../../../core/text.ts";

describe("normalizeText", () => {
  it("composes NFD input to NFC (TCVN 6909)", () => {
    const nfd = "Ủy ban nhân dân xã".normalize("NFD");
    expect(nfd).not.toBe("Ủy ban nhân dân xã");
    expect(normalizeText(nfd)).toBe("Ủy ban nhân dân xã");
  });

  it("maps the look-alike eth Ð/ð to Đ/đ", () => {
    expect(normalizeText("\u00D0ồng Nai, \u00F0ường")).toBe("Đồng Nai, đường");
  });

  it("drops zero-width characters but keeps emoji sequences whole", () => {
    expect(normalizeText("khai\u200B sinh\uFEFF\u00AD")).toBe("khai sinh");
    expect(normalizeText("👨\u200D👩\u200D👧")).toBe("👨\u200D👩\u200D👧");
  });

  it("normalises line endings to \\n", () => {
    expect(normalizeText("a\r\nb\rc\u2028d")).toBe("a\nb\nc\nd");
  });

  it("leaves already-canonical text unchanged", () => {
    const s = "Sáng ngày 15/11, UBND xã tổ chức hội nghị.\nĐồng chí Chủ tịch chủ trì.";
    expect(normalizeText(s)).toBe(s);
  });
});

describe("stripDiacritics", () => {
  it("removes tones, hats and horns, and maps đ/Đ", () => {
    expect(stripDiacritics("Đường ống nước sạch ở thôn Phước Hòa")).toBe("Duong ong nuoc sach o thon Phuoc Hoa");
    expect(stripDiacritics("ỬỮỰ ơ ư ă â ê ô")).toBe("UUU o u a a e o");
  });
});

describe("canonicalTonePlacement", () => {
  it("makes old and new tone placement equal", () => {
    expect(canonicalTonePlacement("thủy lợi")).toBe(canonicalTonePlacement("thuỷ lợi"));
    expect(canonicalTonePlacement("hòa giải")).toBe(canonicalTonePlacement("hoà giải"));
    expect(canonicalTonePlacement("sức khỏe")).toBe(canonicalTonePlacement("sức khoẻ"));
    expect(canonicalTonePlacement("ủy ban")).toBe("uỷ ban");
  });

  it("does not touch syllables whose first vowel carries the tone by right", () => {
    expect(canonicalTonePlacement("của mùa")).toBe("của mùa");
    expect(canonicalTonePlacement("hoàng thuyền")).toBe("hoàng thuyền");
  });
});

describe("foldForMatch", () => {
  it("lower-cases, strips diacritics and punctuation, collapses spaces", () => {
    expect(foldForMatch("  Cho em HỎI: làm giấy khai sinh, cần gì ạ?!  ")).toBe(
      "cho em hoi lam giay khai sinh can gi a",
    );
  });

  it("compares tone-placement variants, NFD input and Ð equal", () => {
    expect(foldForMatch("Thuỷ lợi")).toBe(foldForMatch("thủy lợi"));
    expect(foldForMatch("ĐƯỜNG".normalize("NFD"))).toBe(foldForMatch("đường"));
    expect(foldForMatch("\u00D0ất đai")).toBe("dat dai");
  });

  it("expands common chat abbreviations", () => {
    expect(foldForMatch("e hỏi đc ko ạ")).toBe("em hoi duoc khong a");
    expect(foldForMatch("lam ntn vs ad, mất bn tiền, mn ơi")).toBe(
      "lam nhu the nao voi ad mat bao nhieu tien moi nguoi oi",
    );
    expect(foldForMatch("đc hok, j z")).toBe("duoc khong gi vay");
  });

  it("leaves ambiguous short forms alone", () => {
    // "a" is also the particle "ạ", "tr" may be triệu/trước/trường, "hong" is also "hồng" (sổ hồng).
    expect(foldForMatch("5tr ạ, sổ hồng, tr")).toBe("5tr a so hong tr");
    expect(foldForMatch("50k 2kg")).toBe("50k 2kg");
  });

  it("keeps the alignment between accented and folded tokens", () => {
    const t = matchTokens("làm ntn ạ");
    expect(t.accented).toEqual(["làm", "ntn", "ạ"]);
    expect(t.folded).toEqual(["lam", "nhu", "the", "nao", "a"]);
    expect(t.origin).toEqual([0, 1, 1, 1, 2]);
  });
});

describe("excerpt", () => {
  it("returns short text whole, on one line", () => {
    expect(excerpt("Đèn đường hỏng\r\n  ở thôn 4", 80)).toBe("Đèn đường hỏng ở thôn 4");
  });

  it("cuts at a word boundary and ends with …", () => {
    const out = excerpt("Đèn đường đoạn từ cổng làng đến nhà văn hóa thôn 4 bị hỏng", 24);
    expect(out).toBe("Đèn đường đoạn từ cổng…");
    expect(Array.from(out).length).toBeLessThanOrEqual(24);
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(excerpt("Kính gửi Ban biên tập, xin gửi tin bài", 24)).toBe("Kính gửi Ban biên tập…");
  });

  it("cuts one very long word hard and never splits an emoji", () => {
    expect(excerpt("https://example.vn/a/very/long/path/to/something", 20)).toBe("https://example.vn/…");
    expect(excerpt("😂😂😂😂😂😂", 4)).toBe("😂😂😂…");
  });

  it("counts the ellipsis within maxChars", () => {
    for (const n of [5, 10, 17, 33]) {
      expect(
        Array.from(excerpt("Sáng ngày 15/11, UBND xã tổ chức hội nghị tổng kết công tác năm", n)).length,
      ).toBeLessThanOrEqual(n);
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  CALLBACK_DATA_MAX_BYTES,
  decodeCardCallback,
  encodeCardCallback,
  fitsForwardMenu,
  type CardPress,
} from "../../bots/telegram/callback-data.ts";
import { REJECTION_REASON_CODES } from "../../core/domain.ts";
import { PermanentError } from "../../core/errors.ts";
import { newReviewToken } from "../../core/review/card.ts";

const token = newReviewToken();
const presses: CardPress[] = [
  { action: "approve" },
  { action: "choose_reason" },
  { action: "request_changes" },
  { action: "forward" },
  { action: "answer" },
  { action: "back" },
  ...REJECTION_REASON_CODES.map((reason) => ({ action: "reason_chosen" as const, reason })),
  ...REJECTION_REASON_CODES.map((reason) => ({ action: "reject" as const, reason })),
  { action: "forward_field", fieldCode: "hanh-chinh" },
  { action: "forward_to", fieldCode: "cchc" },
  { action: "forward_to", personId: "0b9e8c1e-5d0a-4c52-9a57-2f4e1a7f9c10" },
];

describe("card callback data", () => {
  it("round-trips every press within 64 bytes", () => {
    for (const press of presses) {
      const data = encodeCardCallback(token, press);
      expect(Buffer.byteLength(data, "utf8")).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(decodeCardCallback(data)).toEqual({ token, press });
    }
  });

  it("writes the documented short codes", () => {
    expect(encodeCardCallback(token, { action: "approve" })).toBe(`d:${token}:a`);
    expect(encodeCardCallback(token, { action: "choose_reason" })).toBe(`d:${token}:r`);
    expect(encodeCardCallback(token, { action: "reason_chosen", reason: 7 })).toBe(`d:${token}:r7`);
    expect(encodeCardCallback(token, { action: "reject", reason: 7 })).toBe(`d:${token}:x7`);
    expect(encodeCardCallback(token, { action: "request_changes" })).toBe(`d:${token}:c`);
    expect(encodeCardCallback(token, { action: "forward" })).toBe(`d:${token}:f`);
    expect(encodeCardCallback(token, { action: "answer" })).toBe(`d:${token}:q`);
    expect(encodeCardCallback(token, { action: "forward_field", fieldCode: "y-te" })).toBe(`d:${token}:gy-te`);
    expect(encodeCardCallback(token, { action: "forward_to", fieldCode: "y-te" })).toBe(`d:${token}:Gy-te`);
    expect(fitsForwardMenu("a".repeat(38))).toBe(true);
    expect(fitsForwardMenu("a".repeat(39))).toBe(false);
    expect(() => encodeCardCallback(token, { action: "forward_to", fieldCode: "a".repeat(39) })).toThrow(/64 bytes/);
  });

  it("ignores data it did not write", () => {
    for (const data of [
      "",
      `x:${token}:a`,
      `d:${token}`,
      `d:${token}:r0`,
      `d:${token}:r10`,
      `d:${token}:pnot-a-uuid`,
      `d:${token}:gHanh Chinh`,
      `d:${token}:x0`,
      `d:${token}:x`,
      `d:${token}:a1`,
      `d:${token}:z`,
      `d:${token}:a:extra`,
      `d:${token.slice(1)}:a`,
      `d:${token}x:a`,
      "d:AAAAAAAAAAAAAAAAAAAA+/:a",
    ])
      expect(decodeCardCallback(data), data).toBeNull();
  });

  it("refuses to encode a token core never minted", () => {
    expect(() => encodeCardCallback("short", { action: "approve" })).toThrow(PermanentError);
    expect(() => encodeCardCallback("đăng-tin-đăng-tin-đăng", { action: "approve" })).toThrow(PermanentError);
  });
});

import { createChatPacer, TELEGRAM_PACING } from "../../bots/telegram/pacing.ts";
import { describe, expect, it } from "vitest";
import { decodeCardCallback } from "../../bots/telegram/callback-data.ts";
import {
  acceptedUrl,
  renderCard,
  renderClosedCard,
  renderReasonMenu,
  renderText,
  splitText,
  TEXT_MAX,
} from "../../bots/telegram/render.ts";
import { sampleCard } from "../conformance/channel-sender.ts";

const labels = (m: { inline_keyboard: { text: string }[][] } | undefined) =>
  m?.inline_keyboard.map((r) => r.map((b) => b.text));

describe("render", () => {
  it("lays out a question's card: its actions two per row, then the web link", () => {
    const card = {
      ...sampleCard,
      actions: ["answer", "forward", "reject", "request_changes"] as const,
      webUrl: "https://bantin.example.vn/theo-doi/TB-0042",
    };
    expect(labels(renderCard({ ...card, actions: [...card.actions] }).reply_markup)).toEqual([
      ["Trả lời", "Chuyển"],
      ["Từ chối", "Yêu cầu bổ sung"],
      ["Xem trên web"],
    ]);
  });

  it("accepts only URLs Telegram accepts on a button", () => {
    expect(acceptedUrl("https://bantin.example.vn/a")).toBe("https://bantin.example.vn/a");
    expect(acceptedUrl("http://10.0.0.5/a")).toBe("http://10.0.0.5/a");
    for (const url of ["http://localhost:3000/a", "http://127.0.0.1/a", "http://bantin/a", "ftp://x.vn/a", "nonsense"])
      expect(acceptedUrl(url), url).toBeNull();
  });

  it("closes a card with the outcome, in NFC, within the limit", () => {
    const long = { ...sampleCard, text: "Xã ".repeat(2000).normalize("NFD") };
    const text = renderClosedCard(long, { action: "reject", deciderName: "B", decidedAt: "", text: "Từ chối bởi B" });
    expect(text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(text.endsWith("…\n\nTừ chối bởi B")).toBe(true);
    expect(text).toBe(text.normalize("NFC"));
  });

  it("offers the nine rejection reasons (each asking for a note next) and a way back", () => {
    const menu = renderReasonMenu(sampleCard.token);
    const presses = menu.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(presses.map((d) => decodeCardCallback(d)?.press)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((reason) => ({ action: "reason_chosen", reason })),
      { action: "back" },
    ]);
    expect(menu.inline_keyboard[6]?.[0]?.text).toBe("7. Trùng lặp với nội dung đã đăng");
  });

  it("keeps a short text whole and splits at lines, then words, then hard", () => {
    expect(renderText("Xin chào")).toEqual(["Xin chào"]);
    expect(splitText("một hai\nba bốn", 10)).toEqual(["một hai", "ba bốn"]);
    expect(splitText("một hai ba bốn năm", 10)).toEqual(["một hai ba", "bốn năm"]);
    expect(splitText("a".repeat(25), 10)).toEqual(["a".repeat(10), "a".repeat(10), "a".repeat(5)]);
  });

  it("never cuts an emoji in half", () => {
    const parts = splitText(`${"a".repeat(9)}😀${"b".repeat(5)}`, 10);
    expect(parts).toEqual(["a".repeat(9), `😀${"b".repeat(5)}`]);
  });
});

describe("pacing per chat", () => {
  it("spaces messages to one chat by a second, to a group by three, and leaves other chats alone", () => {
    let t = 1_000_000;
    const pacer = createChatPacer(TELEGRAM_PACING, () => t);
    expect([pacer.reserve("42"), pacer.reserve("42"), pacer.reserve("42")]).toEqual([0, 1_000, 2_000]);
    expect(pacer.reserve("43")).toBe(0);
    expect([pacer.reserve("-100200"), pacer.reserve("-100200")]).toEqual([0, 3_000]);
    t += 5_000;
    expect(pacer.reserve("42")).toBe(0);
  });
});

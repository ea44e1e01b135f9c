/**
 * The conformance suite every ChannelSender must pass, fakes included. A channel's test calls
 * `describeChannelSender` with a factory that returns a sender wired to its fake provider, and a
 * recipient that provider will refuse permanently.
 */
import { describe, expect, it } from "vitest";
import { DeliveryError } from "../../core/errors.ts";
import type { AnswerMessage, ChannelSender, Recipient, ReviewCard } from "../../core/ports.ts";

export interface SenderHarness {
  sender: ChannelSender;
  /** A recipient the provider accepts. */
  reachable: Recipient;
  /** A recipient the provider refuses for good (blocked, unknown user, 5xx mailbox). */
  refused: Recipient;
  close?: () => Promise<void>;
}

export const sampleCard: ReviewCard = {
  reviewRequestId: "00000000-0000-4000-8000-000000000001",
  token: "AAAAAAAAAAAAAAAAAAAAAA",
  trackingCode: "TB-0042",
  kind: "news",
  kindLabel: "Tin tức",
  fieldCode: "van-hoa",
  fieldName: "Văn hóa",
  priority: "normal",
  senderName: "Nguyễn Thị Hoa",
  senderUnit: "UBND xã",
  excerpt: "Sáng ngày 15/11, xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại thôn Đông.",
  receivedAt: "2026-11-15T02:00:00.000Z",
  deadlineAt: null,
  late: false,
  duplicateOf: null,
  stage: "first",
  actions: ["approve", "reject", "request_changes", "forward"],
  webUrl: "http://localhost:3000/theo-doi/TB-0042",
  text: "Tin tức · Văn hóa — TB-0042\nNgười gửi: Nguyễn Thị Hoa (UBND xã)\n\nSáng ngày 15/11…",
};

export const sampleAnswer: AnswerMessage = {
  trackingCode: "TB-0043",
  question: "Cho em hỏi làm giấy khai sinh cần gì ạ?",
  answer: "Bạn mang tờ khai và giấy chứng sinh đến bộ phận một cửa của xã.",
  unit: "Công chức Tư pháp – Hộ tịch",
  url: "http://localhost:3000/tin/lam-giay-khai-sinh-43",
  text: "Trả lời câu hỏi TB-0043: …",
};

export function describeChannelSender(name: string, make: () => Promise<SenderHarness>) {
  describe(`ChannelSender conformance: ${name}`, () => {
    const withHarness = (fn: (h: SenderHarness) => Promise<void>) => async () => {
      const h = await make();
      try {
        await fn(h);
      } finally {
        await h.close?.();
      }
    };

    it(
      "sends text and returns a reference",
      withHarness(async ({ sender, reachable }) => {
        const ref = await sender.sendText(
          reachable,
          "Xin chào — Bantin đã nhận nội dung của bạn. Mã theo dõi: TB-0042.",
        );
        expect(typeof ref).toBe("string");
        expect(ref.length).toBeGreaterThan(0);
      }),
    );

    it(
      "sends a review card and edits that same card once decided",
      withHarness(async ({ sender, reachable }) => {
        const ref = await sender.sendReviewCard(reachable, sampleCard);
        expect(ref.length).toBeGreaterThan(0);
        await expect(
          sender.updateReviewCard(reachable, ref, sampleCard, {
            action: "approve",
            deciderName: "Trần Văn Bình",
            decidedAt: "2026-11-15T03:00:00.000Z",
            text: "Đã duyệt bởi Trần Văn Bình lúc 10:00 15/11/2026",
          }),
        ).resolves.toBeUndefined();
      }),
    );

    it(
      "sends an answer",
      withHarness(async ({ sender, reachable }) => {
        const ref = await sender.sendAnswer(reachable, sampleAnswer);
        expect(ref.length).toBeGreaterThan(0);
      }),
    );

    it(
      "reports a refused recipient as a permanent DeliveryError",
      withHarness(async ({ sender, refused }) => {
        const err = await sender.sendText(refused, "Xin chào").catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DeliveryError);
        expect((err as DeliveryError).permanent || (err as DeliveryError).unreachable).toBe(true);
      }),
    );

    it(
      "keeps its channel name",
      withHarness(async ({ sender }) => {
        expect(["telegram", "zalo", "email", "web"]).toContain(sender.channel);
      }),
    );
  });
}

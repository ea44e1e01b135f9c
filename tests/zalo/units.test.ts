/**
 * The pure parts of the Zalo channel: the webhook signature (with the research's test vector),
 * commands as typed and as button payloads, events as Zalo sends them, and which attachment
 * URLs may be fetched.
 */
import { describe, expect, it } from "vitest";
import { parseBareDecision, parseCommand } from "../../bots/zalo/commands.ts";
import { mayFetch } from "../../bots/zalo/download.ts";
import { eventKeyOf, eventKind, messageContent, quotedMessageIdOf, sharedInfo } from "../../bots/zalo/events.ts";
import { cardCommands, splitText } from "../../bots/zalo/render.ts";
import { verifySignature } from "../../bots/zalo/signature.ts";

describe("webhook signature", () => {
  // ../shared/research/zalo.md §2.4, computed with Node's crypto from the documented formula.
  const raw = Buffer.from(
    '{"app_id":"1234567890123456789","sender":{"id":"2468458835296117922"},"user_id_by_app":"552177279717587730","recipient":{"id":"388613280878808645"},"event_name":"user_send_text","message":{"text":"#duyet:tin-42","msg_id":"96d3cdf3af150460909"},"timestamp":"1763780000000"}',
  );
  const base = {
    appId: "1234567890123456789",
    oaSecretKey: "TEST_OA_SECRET_KEY",
    rawBody: raw,
    bodyTimestamp: "1763780000000",
    now: 1763780000000 + 30_000,
  };
  const header = "mac=f2813e55551122fe0a55810064118a8ce1907444559cfdb79899e1226723d3a1";

  it("verifies the test vector, with or without mac=, in any case", () => {
    expect(verifySignature({ ...base, header })).toEqual({ ok: true, term: "app_id" });
    expect(verifySignature({ ...base, header: header.slice(4) })).toMatchObject({ ok: true });
    expect(verifySignature({ ...base, header: header.toUpperCase().replace("MAC=", "mac=") })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a changed body, a wrong secret, a missing or malformed header", () => {
    const changed = Buffer.from(raw.toString().replace("#duyet", "#tuchoi"));
    expect(verifySignature({ ...base, rawBody: changed, header })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ ...base, oaSecretKey: "APP_SECRET", header })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature({ ...base, header: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature({ ...base, header: "mac=zz" })).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a replay older or newer than five minutes", () => {
    expect(verifySignature({ ...base, header, now: 1763780000000 + 6 * 60_000 })).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifySignature({ ...base, header, now: 1763780000000 - 6 * 60_000 })).toEqual({
      ok: false,
      reason: "stale",
    });
  });

  it("accepts the OA id as the first term, as some integrations report", async () => {
    const { createHash } = await import("node:crypto");
    const oaSigned = createHash("sha256")
      .update(`388613280878808645${raw.toString()}1763780000000TEST_OA_SECRET_KEY`)
      .digest("hex");
    expect(verifySignature({ ...base, header: oaSigned, oaId: "388613280878808645" })).toEqual({
      ok: true,
      term: "oa_id",
    });
  });
});

describe("commands", () => {
  it("reads what board members type and what buttons send", () => {
    expect(parseCommand("#duyet TB-0042")).toEqual({
      action: "approve",
      trackingCode: "TB-0042",
      reasonCode: null,
      rest: "",
    });
    expect(parseCommand("#Duyệt:tb42")).toMatchObject({ action: "approve", trackingCode: "TB-0042" });
    expect(parseCommand("#tuchoi TB-0042 7 trùng với tin đã đăng")).toEqual({
      action: "reject",
      trackingCode: "TB-0042",
      reasonCode: 7,
      rest: "trùng với tin đã đăng",
    });
    expect(parseCommand("/từ chối")).toBeNull();
    expect(parseCommand("#tuchoi 7 trùng")).toMatchObject({ trackingCode: null, reasonCode: 7, rest: "trùng" });
    expect(parseCommand("#bosung 0042 cần thêm ảnh")).toMatchObject({
      action: "request_changes",
      trackingCode: "TB-0042",
      rest: "cần thêm ảnh",
    });
    expect(parseCommand("#chuyen TB-0042 dat-dai")).toMatchObject({ action: "forward", rest: "dat-dai" });
    expect(parseCommand("#huy TB-7")).toMatchObject({ action: "withdraw", trackingCode: "TB-0007" });
    expect(parseCommand("#trangthai")).toMatchObject({ action: "status", trackingCode: null });
    expect(parseCommand("#hashtag của tôi")).toBeNull();
    expect(parseCommand("Xin chào #duyet")).toBeNull();
  });

  it("reads a bare decision written in reply to a card", () => {
    expect(parseBareDecision("Duyệt")).toMatchObject({ action: "approve", trackingCode: null });
    expect(parseBareDecision("Từ chối 5 chưa kiểm chứng")).toMatchObject({
      action: "reject",
      reasonCode: 5,
      rest: "chưa kiểm chứng",
    });
    expect(parseBareDecision("bổ sung: thêm nguồn")).toMatchObject({ action: "request_changes", rest: "thêm nguồn" });
    expect(parseBareDecision("Bạn mang giấy chứng sinh đến UBND xã")).toBeNull();
  });

  it("writes under a card the commands its actions allow", () => {
    const question = cardCommands({
      trackingCode: "TB-0043",
      actions: ["answer", "forward", "reject", "request_changes"],
    });
    expect(question).toContain("#traloi TB-0043 <câu trả lời>");
    expect(question).not.toContain("#duyet");
  });

  it("splits text within 2000 characters without breaking a surrogate pair", () => {
    const parts = splitText("😀".repeat(1500));
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join("")).toBe("😀".repeat(1500));
  });
});

describe("events", () => {
  const user = { sender: { id: "246845883529697922" }, recipient: { id: "388613280879880645" } };

  it("tells messages, shared info, follows, echoes and receipts apart", () => {
    expect(eventKind({ ...user, event_name: "user_send_text" })).toBe("message");
    expect(eventKind({ ...user, event_name: "user_submit_info" })).toBe("submit_info");
    expect(eventKind({ event_name: "follow", follower: { id: "1" } })).toBe("follow");
    expect(eventKind({ event_name: "user_unfollow", follower: { id: "1" } })).toBe("unfollow");
    expect(eventKind({ event_name: "oa_send_text", sender: { id: "388613280879880645" } })).toBe("echo");
    expect(eventKind({ ...user, event_name: "user_seen_message" })).toBe("receipt");
  });

  it("keys an event on its message id, else on name, user and time", () => {
    const raw = Buffer.from("{}");
    expect(eventKeyOf({ ...user, message: { message_id: "abc" } }, raw)).toBe("msg:abc");
    expect(eventKeyOf({ event_name: "follow", follower: { id: "1" }, timestamp: "17" }, raw)).toBe("follow:1:17");
    expect(eventKeyOf({}, raw)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("reads captions, files, links, locations and the quoted message", () => {
    expect(
      messageContent({
        message: { text: "Ảnh", attachments: [{ type: "image", payload: { url: "https://zdn.vn/a.jpg" } }] },
      }),
    ).toEqual({
      text: "Ảnh\n[Ảnh]",
      media: [{ url: "https://zdn.vn/a.jpg", kind: "image", name: null, declaredType: null }],
    });
    expect(messageContent({ message: { attachments: [{ type: "sticker", payload: { id: "x" } }] } }).text).toBeNull();
    expect(quotedMessageIdOf({ message: { quote_msg_id: "q1" } })).toBe("q1");
    expect(quotedMessageIdOf({ message: { quote: { msg_id: "q2" } } })).toBe("q2");
    expect(
      sharedInfo({
        info: {
          name: " Nguyễn Văn A ",
          phone: "84912345678",
          full_address: { user_address: "Ấp 2", user_city: "Đồng Nai" },
        },
      }),
    ).toEqual({ name: "Nguyễn Văn A", phone: "84912345678", address: "Ấp 2, Đồng Nai" });
  });
});

describe("attachment downloads", () => {
  it("fetch public http(s) URLs and the API's own host, never private or loopback ones", () => {
    expect(mayFetch("https://dlfl.zdn.vn/a.pdf", null)).toBe(true);
    expect(mayFetch("http://127.0.0.1:8080/x", null)).toBe(false);
    expect(mayFetch("http://127.0.0.1:8080/x", "127.0.0.1:8080")).toBe(true);
    expect(mayFetch("http://10.0.0.5/x", null)).toBe(false);
    expect(mayFetch("http://[::1]/x", null)).toBe(false);
    expect(mayFetch("file:///etc/passwd", null)).toBe(false);
    expect(mayFetch("http://localhost/x", null)).toBe(false);
  });
});

/**
 * The question form as a channel: a citizen's question is stored raw and received by core like
 * a bot's message, acknowledged with a tracking code, and its status can be looked up. Spam
 * defences: CSRF token, honeypot, time-to-submit, rate limit per address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFormToken, canonicalContact, issueFormToken } from "../../web/site/form.ts";
import { waitFor } from "../support/wait.ts";
import { startSite, type TestSite } from "./site.ts";

let site: TestSite;
/** The site's clock: each form is sent back a human's few seconds after it was shown, unless a test says otherwise. */
let clock = Date.now();

beforeAll(async () => {
  site = await startSite({
    now: () => new Date(clock),
    formTiming: { minSeconds: 3, maxSeconds: 86_400 },
    formRateLimit: { max: 9, timeWindowMs: 60_000 },
    notice: { text: "Trang bảo trì từ 22:00 ngày 05/12/2026.", from: new Date(Date.now() - 60_000), until: null },
  });
});
afterAll(async () => {
  await site?.close();
});

/** The form as a browser gets it: its cookie and hidden fields. */
async function openForm() {
  const r = await fetch(`${site.url}/gui-cau-hoi`);
  expect(r.status).toBe(200);
  expect(r.headers.get("cache-control")).toBe("no-store");
  const html = await r.text();
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!;
  return { cookie, csrf: hidden("_csrf"), form: hidden("form") };
}

async function post(fields: Record<string, string>, cookie: string, secondsLater = 5) {
  clock += secondsLater * 1000;
  const r = await fetch(`${site.url}/gui-cau-hoi`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, body: await r.text() };
}

const QUESTION = {
  name: "Phạm Thị Hoa",
  contact: "0912 345 678",
  field: "hanh-chinh",
  question: "Xin hỏi thủ tục đăng ký kết hôn tại xã cần những giấy tờ gì?",
};

describe("the question form", () => {
  it("stores the raw form, hands it to core, acknowledges with a tracking code; resending gives the same code", async () => {
    const f = await openForm();
    const first = await post({ ...QUESTION, _csrf: f.csrf, form: f.form, website: "" }, f.cookie);
    expect(first.status).toBe(200);
    const code = /<strong>(TB-\d{4,})<\/strong>/.exec(first.body)![1]!;
    expect(first.body).toContain("Đã nhận câu hỏi của bạn");

    const inbound = await site.spine.db.inboundMessage.findFirstOrThrow({
      where: { channel: "web" },
      include: { submission: true },
    });
    expect(inbound.senderExternalId).toBe("0912345678");
    expect(inbound.senderName).toBe("Phạm Thị Hoa");
    expect(inbound.payload).toMatchObject({ form: { name: "Phạm Thị Hoa", field: "hanh-chinh" } });
    expect(inbound.submission!.text).toBe(QUESTION.question);

    const again = await post({ ...QUESTION, _csrf: f.csrf, form: f.form, website: "" }, f.cookie);
    expect(again.body).toContain(code);
    expect(again.body).toContain("đã được gửi trước đó");
    expect(await site.spine.db.inboundMessage.count({ where: { channel: "web" } })).toBe(1);

    // What core told the sender is on the status page, for whoever gives the code and the contact.
    await waitFor(
      () =>
        site.spine.db.outboundMessage.findFirst({ where: { channel: "web", status: "sent", address: "0912345678" } }),
      { what: "the acknowledgement delivered on the web channel" },
    );
    const lookup = (contact: string) =>
      fetch(`${site.url}/trang-thai`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ma: code, "lien-he": contact }).toString(),
      }).then((r) => r.text());
    const mine = await lookup("+84 912 345 678");
    expect(mine).toContain("Tin nhắn gửi bạn");
    expect(mine).toContain(`Mã theo dõi: ${code}`);
    const other = await lookup("0987654321");
    expect(other).toContain("Không có tin nhắn nào gửi tới liên hệ này");
    expect(other).not.toContain(`Mã theo dõi: ${code}`);

    const status = await fetch(`${site.url}/trang-thai?ma=${encodeURIComponent(code.toLowerCase())}`);
    const page = await status.text();
    expect(page).toContain(code);
    expect(page).toMatch(/Đã tiếp nhận|Đã phân loại|Đang xem xét/);
    expect(page).not.toContain("Phạm Thị Hoa");
    expect(page).not.toContain("kết hôn");
  });

  it("explains what is wrong in Vietnamese and keeps what was typed", async () => {
    const f = await openForm();
    const r = await post(
      { name: "", contact: "abc", question: "ngắn", field: "", _csrf: f.csrf, form: f.form },
      f.cookie,
    );
    expect(r.status).toBe(422);
    expect(r.body).toContain("Xin nhập họ và tên");
    expect(r.body).toContain("số điện thoại hoặc địa chỉ thư điện tử hợp lệ");
    expect(r.body).toContain('aria-invalid="true"');
    expect(r.body).toMatch(/>\s*ngắn<\/textarea>/);
  });

  it("a form sent back within seconds is shown again, its clock still running: sent again later, it goes through", async () => {
    const f = await openForm();
    const fast = await post(
      { ...QUESTION, question: QUESTION.question + " (2)", _csrf: f.csrf, form: f.form },
      f.cookie,
      1,
    );
    expect(fast.status).toBe(422);
    expect(fast.body).toContain("Biểu mẫu được gửi quá nhanh");
    expect(fast.body).toContain(`name="form" value="${f.form}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(fast.body)![1]!;
    const later = await post(
      { ...QUESTION, question: QUESTION.question + " (2)", _csrf: csrf, form: f.form },
      f.cookie,
      3,
    );
    expect(later.status).toBe(200);
    expect(later.body).toMatch(/<strong>TB-\d{4,}<\/strong>/);
  });

  it("refuses a form without its CSRF token, or with the honeypot filled: nothing is stored", async () => {
    const before = await site.spine.db.inboundMessage.count();
    const f = await openForm();
    const noToken = await post({ ...QUESTION, form: f.form }, f.cookie);
    expect(noToken.status).toBe(403);
    expect(noToken.body).toContain("Phiên làm việc đã hết hạn");
    const noCookie = await post({ ...QUESTION, _csrf: f.csrf, form: f.form }, "");
    expect(noCookie.status).toBe(403);
    const bot = await post({ ...QUESTION, _csrf: f.csrf, form: f.form, website: "http://spam.example" }, f.cookie);
    expect(bot.status).toBe(422);
    const forged = await post({ ...QUESTION, _csrf: f.csrf, form: "0.AAAAAAAAAAAAAAAA.x" }, f.cookie);
    expect(forged.status).toBe(422);
    expect(await site.spine.db.inboundMessage.count()).toBe(before);
  });

  it("limits submissions per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const f = await openForm();
      statuses.push((await post({ name: "x", _csrf: f.csrf, form: f.form }, f.cookie)).status);
    }
    expect(statuses).toContain(429);
    const limited = await post({}, "");
    expect(limited.status).toBe(429);
    expect(limited.body).toContain("Bạn đã gửi nhiều câu hỏi trong thời gian ngắn");
  });

  it("the operator's notice is on every page while it is due", async () => {
    for (const path of ["/", "/gui-cau-hoi", "/trang-thai", "/khong-co"])
      expect(await (await fetch(site.url + path)).text(), path).toMatch(
        /<section class="notice" aria-label="Thông báo">\s*<p>Trang bảo trì từ 22:00 ngày 05\/12\/2026.<\/p>/,
      );
  });

  it("a review card's link to an item leads to its status", async () => {
    const r = await fetch(`${site.url}/theo-doi/TB-0001`, { redirect: "manual" });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/trang-thai?ma=TB-0001");
    expect((await fetch(`${site.url}/theo-doi/abc`, { redirect: "manual" })).status).toBe(404);
  });

  it("status page: unknown and malformed codes are told apart", async () => {
    expect(await (await fetch(`${site.url}/trang-thai?ma=TB-999999`)).text()).toContain(
      "Không tìm thấy hồ sơ có mã TB-999999",
    );
    expect(await (await fetch(`${site.url}/trang-thai?ma=%3Cscript%3E`)).text()).toContain("Mã theo dõi không hợp lệ");
  });
});

describe("form tokens and contacts", () => {
  const secret = Buffer.alloc(32, 7);
  const timing = { minSeconds: 3, maxSeconds: 86_400 };

  it("a form sent back within seconds is a bot's; a day-old one has expired; a tampered one is invalid", () => {
    const t0 = Date.UTC(2026, 10, 22, 8, 0, 0);
    const token = issueFormToken(secret, t0);
    expect(checkFormToken(secret, token, timing, t0 + 1_000)).toEqual({ ok: false, reason: "too_fast" });
    expect(checkFormToken(secret, token, timing, t0 + 10_000)).toMatchObject({ ok: true });
    expect(checkFormToken(secret, token, timing, t0 + 90_000_000)).toEqual({ ok: false, reason: "expired" });
    expect(checkFormToken(Buffer.alloc(32, 8), token, timing, t0 + 10_000)).toEqual({ ok: false, reason: "invalid" });
    const older = token.replace(/^[0-9a-z]+/, (t0 - 60_000).toString(36));
    expect(checkFormToken(secret, older, timing, t0 + 10_000)).toEqual({ ok: false, reason: "invalid" });
  });

  it("contacts are an e-mail address or a phone number in one spelling", () => {
    expect(canonicalContact("An.Nguyen@Example.VN")).toEqual({ kind: "email", value: "an.nguyen@example.vn" });
    expect(canonicalContact("+84 912 345 678")).toEqual({ kind: "phone", value: "0912345678" });
    expect(canonicalContact("<script>")).toBeNull();
    expect(canonicalContact("12")).toBeNull();
  });
});

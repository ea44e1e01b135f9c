/**
 * The site in Debian's Chromium (playwright-core), at phone width:
 * - a citizen finds an answered question by searching without diacritics, reads it, and
 *   subscribes to the feed; then asks a question with the form and follows its status;
 * - a script sent through any channel (text, e-mail HTML, subject, file name, Telegram and Zalo
 *   sender names) never runs on any page — checked with the CSP switched off, so escaping alone
 *   is what is tested;
 * - axe-core finds no WCAG 2.1 A/AA violation on the home, list, item, search and form pages;
 * - screenshots of the home and an item page are saved under tests/artifacts/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerThrough, NEWS, publishThrough, startSite, type TestSite } from "./site.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let site: TestSite;
let browser: Browser;
let question: { slug: string; trackingCode: string };
let news: { slug: string; trackingCode: string };
const hostile: Array<{ slug: string; trackingCode: string }> = [];

/** Each payload, if it ever ran, would set window.__pwned or open a dialog. */
const PAYLOADS = {
  script: `<script>window.__pwned="script"</script>`,
  img: `<img src=x onerror="window.__pwned='img'">`,
  attr: `"><svg onload="window.__pwned='svg'">`,
  link: `<a href="javascript:window.__pwned='link'">bấm</a>`,
  alert: `<script>alert(1)</script>`,
};
const ALL = Object.values(PAYLOADS).join(" ");

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await startSite();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    timeout: 60_000,
  });
  const photo = await sharp({
    create: { width: 1600, height: 1000, channels: 3, background: { r: 190, g: 120, b: 60 } },
  })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><rect x="100" y="600" width="1400" height="300" fill="#2c6e49"/><circle cx="1300" cy="250" r="120" fill="#ffd34d"/></svg>`,
        ),
      },
    ])
    .jpeg()
    .toBuffer();
  news = await publishThrough(site, {
    channel: "telegram",
    senderId: "8201",
    senderName: "Ngô Văn Cộng",
    text: NEWS + "\n\nChi tiết xem tại https://tanphu.gov.vn/le-hoi.",
    subject: "Ngày hội Đại đoàn kết toàn dân tộc thôn Đông",
    attachments: [
      { bytes: photo, name: "ngay-hoi.jpg", type: "image/jpeg" },
      {
        bytes: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        name: "Kế hoạch.pdf",
        type: "application/pdf",
      },
    ],
  });
  question = await answerThrough(
    site,
    {
      channel: "zalo",
      senderId: "z-8202",
      senderName: "Nguyễn Thị Lan",
      text: "Cho em hỏi làm giấy khai sinh cho con cần những giấy tờ gì ạ?",
    },
    "Chị mang tờ khai đăng ký khai sinh, giấy chứng sinh và căn cước của cha mẹ đến bộ phận một cửa của xã.",
  );
  // Hostile input through every channel, published by the board as any item would be.
  hostile.push(
    await publishThrough(site, {
      channel: "telegram",
      senderId: "8203",
      senderName: `Kẻ xấu ${PAYLOADS.script}${PAYLOADS.img}`,
      text: `Tin tức hội nghị thôn Tây ${ALL}`,
    }),
    await publishThrough(site, {
      channel: "email",
      senderId: "attacker@example.org",
      senderName: `${PAYLOADS.attr} Mail`,
      subject: `Thông báo ${PAYLOADS.script}`,
      text: `<html><body><p onclick="window.__pwned='p'">Lịch tiếp dân</p>${ALL}</body></html>`,
      attachments: [{ bytes: Buffer.from("plain text"), name: `${PAYLOADS.img}.txt`, type: "text/plain" }],
    }),
    await answerThrough(
      site,
      {
        channel: "zalo",
        senderId: "z-8204",
        senderName: `${PAYLOADS.alert} Zalo`,
        text: `Cho hỏi lịch tiêm chủng ${PAYLOADS.img}?`,
      },
      `Trả lời ${PAYLOADS.script} ${PAYLOADS.link}`,
      `Trạm Y tế ${PAYLOADS.attr}`,
    ),
  );
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function phonePage(opts: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, locale: "vi-VN", bypassCSP: opts.bypassCSP ?? false });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

describe("a citizen", () => {
  it("finds an answered question by searching without diacritics, reads it, and subscribes to the feed", async () => {
    const { context, page } = await phonePage();
    try {
      await page.goto(site.url + "/");
      await page.getByRole("searchbox", { name: "Tìm trong trang" }).fill("giay khai sinh");
      await page.getByRole("button", { name: "Tìm", exact: true }).click();
      await page.waitForURL(/\/tim-kiem\?q=giay/);
      const result = page.getByRole("link", { name: /giấy khai sinh/ }).first();
      await expect.poll(() => result.count()).toBeGreaterThan(0);
      expect(await page.locator("mark").first().textContent()).toBe("giấy");
      await result.click();
      await page.waitForURL(new RegExp(`/tin/${question.slug}$`));
      await expect.poll(() => page.getByRole("heading", { name: "Trả lời" }).count()).toBe(1);
      expect(await page.textContent(".answer")).toContain("giấy chứng sinh");
      expect(await page.textContent(".answer")).toContain("Công chức Tư pháp – Hộ tịch");

      await page.getByRole("link", { name: "Hỏi đáp", exact: true }).first().click();
      await page.waitForURL(/\/hoi-dap$/);
      const feedHref = await page.getByRole("link", { name: "Theo dõi qua RSS" }).getAttribute("href");
      const announced = await page
        .locator('link[rel="alternate"][type="application/rss+xml"]')
        .evaluateAll((ls) => ls.map((l) => l.getAttribute("href")));
      expect(announced).toContain(feedHref);
      const feed = await page.request.get(site.url + feedHref);
      expect(feed.headers()["content-type"]).toContain("application/rss+xml");
      const xml = await feed.text();
      expect(xml).toContain(`<link>http://bantin.test/tin/${question.slug}</link>`);
      expect(xml).not.toContain(news.slug);
    } finally {
      await context.close();
    }
  });

  it("asks a question with the form, gets a tracking code and sees its status", async () => {
    const { context, page } = await phonePage();
    try {
      await page.goto(site.url + "/");
      await page.getByRole("link", { name: "Gửi câu hỏi" }).first().click();
      await page.waitForURL(/\/gui-cau-hoi$/);
      await page.getByLabel("Họ và tên").fill("Trần Thị Mai");
      await page.getByLabel("Số điện thoại hoặc thư điện tử").fill("mai.tran@example.vn");
      await page.getByLabel("Lĩnh vực").selectOption({ label: "Hành chính" });
      await page.getByLabel("Nội dung câu hỏi").fill("Xin hỏi thủ tục chứng thực bản sao giấy tờ tại xã mất bao lâu?");
      await page.getByRole("button", { name: "Gửi câu hỏi" }).click();
      await expect.poll(() => page.getByRole("heading", { name: "Đã nhận câu hỏi của bạn" }).count()).toBe(1);
      const code = (await page.textContent(".code"))!.trim();
      expect(code).toMatch(/^TB-\d{4,}$/);
      await page.getByRole("link", { name: "Xem tình trạng xử lý" }).click();
      await page.waitForURL(/\/trang-thai\?ma=/);
      expect(await page.textContent(".status")).toContain(code);
      expect(await page.textContent(".status")).toMatch(/Đã tiếp nhận|Đã phân loại|Đang xem xét/);
      const stored = await site.spine.db.inboundMessage.findFirstOrThrow({ where: { channel: "web" } });
      expect(stored.senderExternalId).toBe("mai.tran@example.vn");
    } finally {
      await context.close();
    }
  });
});

describe("hostile input", () => {
  it("never runs on any page, whatever channel it came through", async () => {
    const { context, page } = await phonePage({ bypassCSP: true });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      const paths = [
        "/",
        "/tin-tuc",
        "/hoi-dap",
        "/tim-kiem?q=" + encodeURIComponent("hội nghị thôn Tây"),
        "/tim-kiem?q=" + encodeURIComponent(PAYLOADS.script),
        "/tim-kiem?q=lich",
        ...hostile.map((h) => `/tin/${h.slug}`),
        ...hostile.map((h) => `/trang-thai?ma=${h.trackingCode}`),
        "/trang-thai?ma=" + encodeURIComponent(PAYLOADS.img),
        "/rss.xml",
        "/atom.xml",
        "/hoi-dap/rss.xml",
      ];
      for (const path of paths) {
        const r = await page.goto(site.url + path);
        expect(r?.status(), path).toBeLessThan(500);
        await page.waitForLoadState("load");
        expect(await page.locator("a[href^='javascript:' i]").count(), `${path}: javascript: link`).toBe(0);
        expect(await page.evaluate("window.__pwned ?? null"), path).toBeNull();
        expect(await page.locator("body script, body svg, body img[onerror]").count(), path).toBe(0);
      }
      // The hostile text is there, shown as text.
      await page.goto(`${site.url}/tin/${hostile[1]!.slug}`);
      expect(await page.textContent("main")).toContain(`<script>window.__pwned="script"</script>`);
      expect(await page.locator(".documents a").textContent()).toContain(`<img src=x onerror=`);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("attachments are served with safe headers: images re-encoded for phones, other files downloaded", async () => {
    const item = await site.spine.db.publication.findUniqueOrThrow({
      where: { slug: hostile[1]!.slug },
      include: { submission: { include: { attachments: true } } },
    });
    const file = item.submission.attachments[0]!;
    const r = await fetch(`${site.url}/tep/${file.id}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/octet-stream");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="/);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'none'");
    const photo = await site.spine.db.attachment.findFirstOrThrow({
      where: { submission: { publication: { slug: news.slug } }, contentType: "image/jpeg" },
    });
    const small = await fetch(`${site.url}/tep/${photo.id}/480`);
    expect(small.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect(meta.width).toBe(480);
    expect((await fetch(`${site.url}/tep/${photo.id}/123`)).status).toBe(404);
  });
});

describe("accessibility and looks", () => {
  it("axe-core finds no WCAG 2.1 A/AA violation on the home, list, item, search and form pages", async () => {
    const { context, page } = await phonePage({ bypassCSP: true });
    try {
      const report: string[] = [];
      for (const path of [
        "/",
        "/tin-tuc",
        "/hoi-dap",
        `/tin/${news.slug}`,
        `/tin/${question.slug}`,
        "/tim-kiem?q=giay+khai+sinh",
        "/gui-cau-hoi",
        "/trang-thai?ma=" + question.trackingCode,
      ]) {
        await page.goto(site.url + path);
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
            .axe;
          const r = await axe.run({
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
          });
          return r.violations as Array<{ id: string; nodes: Array<{ target: string[] }> }>;
        });
        for (const v of violations)
          report.push(`${path}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }
      expect(report).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the home and an item page at phone width, saved for a person to look at", async () => {
    const { context, page } = await phonePage();
    const console: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") console.push(m.text());
    });
    try {
      await page.goto(site.url + "/");
      // The inline stylesheet is allowed by its hash under the strict CSP: the page is styled.
      expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")).toBe(
        "rgb(139, 26, 26)",
      );
      await page.screenshot({ path: join(ARTIFACTS, "home-phone.png"), fullPage: true });
      await page.goto(`${site.url}/tin/${news.slug}`);
      await page.waitForFunction("Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0)");
      await page.screenshot({ path: join(ARTIFACTS, "item-phone.png"), fullPage: true });
      await page.goto(`${site.url}/tin/${question.slug}`);
      await page.screenshot({ path: join(ARTIFACTS, "question-phone.png"), fullPage: true });
      await page.goto(`${site.url}/gui-cau-hoi`);
      await page.screenshot({ path: join(ARTIFACTS, "form-phone.png"), fullPage: true });
      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
      expect(console).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

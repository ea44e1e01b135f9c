/**
 * The public site over HTTP, against a real spine: what the board publishes appears at once on
 * every page it belongs to, unpublishing answers 410 and empties the lists, search finds
 * Vietnamese without diacritics, feeds and sitemap list what is live, responses are compressed,
 * validated by ETag and carry a strict CSP.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpublish } from "../../core/publishing/publish.ts";
import { waitFor } from "../support/wait.ts";
import { answerThrough, COMMUNE, NEWS, publishThrough, startSite, type TestSite } from "./site.ts";

let site: TestSite;
let news: { slug: string; trackingCode: string };
let question: { slug: string; trackingCode: string };
let bodyOnly: { slug: string; trackingCode: string };

const get = (path: string, init?: RequestInit) => fetch(site.url + path, init);
const text = async (path: string) => {
  const r = await get(path);
  return { status: r.status, body: await r.text(), headers: r.headers };
};

beforeAll(async () => {
  site = await startSite();
  news = await publishThrough(site, {
    channel: "telegram",
    senderId: "8101",
    senderName: "Ngô Văn Cộng",
    text: NEWS,
  });
  bodyOnly = await publishThrough(site, {
    channel: "telegram",
    senderId: "8104",
    senderName: "Ngô Văn Cộng",
    subject: "Hội nghị triển khai chuyển đổi số",
    text: "Hội nghị hướng dẫn người dân làm thủ tục trực tuyến, trong đó có đăng ký giấy khai sinh qua cổng dịch vụ công.",
  });
  question = await answerThrough(
    site,
    {
      channel: "zalo",
      senderId: "z-8102",
      senderName: "Nguyễn Thị Lan",
      text: "Cho em hỏi làm giấy khai sinh cho con cần những giấy tờ gì ạ? SĐT em 0912345678",
    },
    "Chị mang tờ khai, giấy chứng sinh và căn cước của cha mẹ đến bộ phận một cửa của xã.",
  );
});

afterAll(async () => {
  await site?.close();
});

describe("pages", () => {
  it("home: the latest news and answered questions, the fields, the commune's contacts and the citation rule", async () => {
    const { status, body, headers } = await text("/");
    expect(status).toBe(200);
    expect(body).toMatch(/^<!doctype html>\s*<html lang="vi">/);
    expect(body).toContain(`href="/tin/${news.slug}"`);
    expect(body).toContain(`href="/tin/${question.slug}"`);
    expect(body).toContain('href="/linh-vuc/hanh-chinh"');
    for (const v of Object.values(COMMUNE)) expect(body).toContain(v);
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(headers.get("content-security-policy")).not.toContain("script-src");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(body).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  it("a news item: title, date, field, body, author and source, OpenGraph and NewsArticle data", async () => {
    const { status, body } = await text(`/tin/${news.slug}`);
    expect(status).toBe(200);
    expect(body).toContain("Ngày hội Đại đoàn kết toàn dân tộc");
    expect(body).toMatch(/Tác giả: <strong>Ngô Văn Cộng<\/strong>/);
    expect(body).toContain("Nguồn:");
    expect(body).toMatch(/<meta property="og:type" content="article"\s*\/?>/);
    expect(body).toContain(`<link rel="canonical" href="http://bantin.test/tin/${news.slug}"`);
    expect(body).toContain('"@type":"NewsArticle"');
  });

  it("a question: shown without the citizen's personal data, with the official answer, its unit and date", async () => {
    const { status, body } = await text(`/tin/${question.slug}`);
    expect(status).toBe(200);
    expect(body).toContain("Người hỏi: N.T.L.");
    expect(body).not.toContain("Nguyễn Thị Lan");
    expect(body).not.toContain("0912345678");
    expect(body).toContain("giấy chứng sinh");
    expect(body).toContain("Đơn vị trả lời: <strong>Công chức Tư pháp – Hộ tịch</strong>");
    expect(body).toContain('"@type":"QAPage"');
  });

  it("lists: news and questions apart, a page per field, unknown pages 404 in Vietnamese", async () => {
    expect((await text("/tin-tuc")).body).toContain(news.slug);
    expect((await text("/tin-tuc")).body).not.toContain(question.slug);
    expect((await text("/hoi-dap")).body).toContain(question.slug);
    const field = await site.spine.db.publication.findUniqueOrThrow({
      where: { slug: question.slug },
      include: { field: true },
    });
    expect((await text(`/linh-vuc/${field.field!.code}`)).body).toContain(question.slug);
    const missing = await text("/khong-co-trang-nay");
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("Không tìm thấy trang");
    expect((await text("/tin-tuc?trang=99")).status).toBe(404);
  });

  it("search finds Vietnamese typed without diacritics, ranked, with the matches marked", async () => {
    const { status, body } = await text("/tim-kiem?q=giay+khai+sinh");
    expect(status).toBe(200);
    expect(body).toContain(`href="/tin/${question.slug}"`);
    expect(body).toMatch(/<mark>giấy<\/mark> <mark>khai<\/mark> <mark>sinh<\/mark>/);
    expect(body).not.toContain(`href="/tin/${news.slug}"`);
    // Ranked: the words in the title come before the words in the body.
    expect(body.indexOf(`href="/tin/${question.slug}"`)).toBeLessThan(body.indexOf(`href="/tin/${bodyOnly.slug}"`));
    expect(body.indexOf(`href="/tin/${bodyOnly.slug}"`)).toBeGreaterThan(0);
    const accented = await text("/tim-kiem?q=" + encodeURIComponent("đại đoàn kết"));
    expect(accented.body).toContain(`href="/tin/${news.slug}"`);
    const typo = await text("/tim-kiem?q=" + encodeURIComponent("ngay hoi dai doan ket"));
    expect(typo.body).toContain(`href="/tin/${news.slug}"`);
    expect((await text("/tim-kiem?q=" + "x".repeat(300))).body).toContain("Từ khóa quá dài");
  });

  it("feeds, sitemap and robots.txt list what is live", async () => {
    const rss = await text("/rss.xml");
    expect(rss.headers.get("content-type")).toContain("application/rss+xml");
    expect(rss.body).toContain(`<link>http://bantin.test/tin/${news.slug}</link>`);
    expect(rss.body).toContain(`<link>http://bantin.test/tin/${question.slug}</link>`);
    const qa = await text("/hoi-dap/atom.xml");
    expect(qa.headers.get("content-type")).toContain("application/atom+xml");
    expect(qa.body).toContain(question.slug);
    expect(qa.body).not.toContain(news.slug);
    expect((await text("/linh-vuc/hanh-chinh/rss.xml")).status).toBe(200);
    expect((await text("/sitemap.xml")).body).toContain(`<loc>http://bantin.test/tin/${news.slug}</loc>`);
    expect((await text("/robots.txt")).body).toContain("Sitemap: http://bantin.test/sitemap.xml");
  });
});

describe("speed and caching", () => {
  it("pages are compressed, carry an ETag and answer 304 when unchanged; static files are immutable", async () => {
    const r = await get("/", { headers: { "accept-encoding": "br" } });
    expect(r.headers.get("content-encoding")).toBe("br");
    expect(r.headers.get("vary")).toBe("Accept-Encoding");
    const etag = r.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    expect(etag).toMatch(/-br"$/);
    const again = await get("/", { headers: { "if-none-match": etag, "accept-encoding": "br" } });
    expect(again.status).toBe(304);
    // Another encoding is another representation: its own ETag, the bytes sent again.
    const gzip = await get("/", { headers: { "if-none-match": etag, "accept-encoding": "gzip" } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    const icon = (await r.text()).match(/href="(\/static\/favicon\.[0-9a-f]+\.svg)"/)![1]!;
    const s = await get(icon);
    expect(s.status).toBe(200);
    expect(s.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(s.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("publishing shows at once everywhere; unpublishing answers 410 and empties the lists, never a 500", async () => {
    const before = await get("/", { headers: {} });
    const etag = before.headers.get("etag")!;
    const fresh = await publishThrough(site, {
      channel: "email",
      senderId: "cong-tac-vien@tanphu.gov.vn",
      senderName: "Trần Văn Tin",
      text: NEWS.replace("15/11", "20/11").replace("Ngày hội", "Hội thi"),
      subject: "Hội thi văn nghệ thôn Đông",
      attachments: [{ bytes: Buffer.from("Danh sách đội thi\n"), name: "danh-sach.txt", type: "text/plain" }],
    });
    const file = await site.spine.db.attachment.findFirstOrThrow({
      where: { submission: { publication: { slug: fresh.slug } } },
    });
    expect((await get(`/tep/${file.id}`)).status).toBe(200);
    // The web process hears of the change through PostgreSQL, not from the code that published.
    await waitFor(async () => (await text("/")).body.includes(fresh.slug), { what: "new item on the home page" });
    expect((await get("/", { headers: { "if-none-match": etag } })).status).toBe(200);

    await unpublish(site.spine.core, { trackingCode: fresh.trackingCode, reason: "Sai thông tin" }, { via: "cli" });
    const gone = await waitFor(
      async () => {
        const r = await text(`/tin/${fresh.slug}`);
        return r.status === 410 ? r : null;
      },
      { what: "410" },
    );
    expect(gone.body).toContain("Nội dung đã được gỡ");
    expect((await get(`/tep/${file.id}`)).status).toBe(404);
    for (const path of ["/", "/tin-tuc", "/rss.xml", "/sitemap.xml", "/tim-kiem?q=hoi+thi"])
      expect((await text(path)).body, path).not.toContain(fresh.slug);
  });
});

describe("across processes", () => {
  it("another process unpublishing (bantin unpublish) takes the item off this one's pages at once", async () => {
    const other = await publishThrough(site, {
      channel: "telegram",
      senderId: "8103",
      senderName: "Lý Văn Tin",
      text: NEWS.replace("15/11", "25/11").replace("Ngày hội", "Lễ hội"),
      subject: "Lễ hội văn hóa thôn Bắc",
    });
    await waitFor(async () => (await text("/")).body.includes(other.slug), { what: "the item on the home page" });
    const cli = spawnSync(
      "node_modules/.bin/node",
      [
        "--import",
        "tsx",
        "bin/cli/main.ts",
        "unpublish",
        other.trackingCode,
        "--reason",
        "Văn bản nguồn đã bị thu hồi",
      ],
      { env: { ...process.env, DATABASE_URL: site.spine.databaseUrl, LOG_LEVEL: "silent" }, encoding: "utf8" },
    );
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    await waitFor(async () => (await text(`/tin/${other.slug}`)).status === 410, { what: "410 after the CLI" });
    expect((await text("/")).body).not.toContain(other.slug);
  });
});

describe("corrections", () => {
  it("an updated item shows its corrections as such, with the date", async () => {
    // No use case writes corrections yet: the row is updated as an editor's tool would.
    await site.spine.db.publication.update({
      where: { slug: news.slug },
      data: { corrections: [{ at: "2026-11-21T02:00:00Z", text: "Sửa ngày tổ chức từ 14/11 thành 15/11." }] },
    });
    const page = await waitFor(
      async () => {
        const r = await text(`/tin/${news.slug}`);
        return r.body.includes("Đính chính") ? r.body : null;
      },
      { what: "the correction on the page" },
    );
    expect(page).toContain("Sửa ngày tổ chức từ 14/11 thành 15/11.");
    expect(page).toContain("Đính chính lúc 21/11/2026");
    expect(page).toContain("Cập nhật");
  });
});

describe("the server", () => {
  it("asks browsers for HTTPS only when the request came over TLS", async () => {
    expect((await get("/")).headers.get("strict-transport-security")).toBeNull();
    const tls = await get("/", { headers: { "x-forwarded-proto": "https" } });
    expect(tls.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("keeps /healthz and answers HEAD", async () => {
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/", { method: "HEAD" })).status).toBe(200);
  });
});

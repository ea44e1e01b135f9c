/** Pure pieces of the site: escaping, bodies, search marks, JSON-LD, feeds, the notice window, encodings. */
import { describe, expect, it } from "vitest";
import { loadConfig, type ConfigError } from "../../core/config.ts";
import { summary, textToHtml } from "../../web/site/body.ts";
import { rss } from "../../web/site/feeds.ts";
import { escapeXml, html, jsonForScript } from "../../web/site/html.ts";
import { contentDisposition } from "../../web/site/images.ts";
import { pickEncoding } from "../../web/site/respond.ts";
import { cleanQuery, markMatches } from "../../web/site/search.ts";
import { activeNotice } from "../../web/site/settings.ts";
import { readCorrections } from "../../web/site/store.ts";

describe("escaping", () => {
  it("escapes every interpolated value and keeps nested markup", () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<p title="${name}">${name}${html`<b>ok</b>`}</p>`.value).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>ok</b></p>`,
    );
  });

  it("a body is text: paragraphs, line breaks and http(s) links, never markup", () => {
    const out = textToHtml(
      `Dòng 1 <img src=x onerror=alert(1)>\nDòng 2\n\nXem https://xa.gov.vn/a?b=1&c=2. javascript:alert(1)`,
    ).value;
    expect(out).toBe(
      `<p>Dòng 1 &lt;img src=x onerror=alert(1)&gt;<br>Dòng 2</p>\n` +
        `<p>Xem <a href="https://xa.gov.vn/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer">https://xa.gov.vn/a?b=1&amp;c=2</a>. javascript:alert(1)</p>`,
    );
  });

  it("JSON-LD cannot close its script element", () => {
    expect(jsonForScript({ name: "</script><script>alert(1)</script>" }).value).not.toContain("<");
  });

  it("XML drops characters XML 1.0 forbids", () => {
    expect(escapeXml("a\u0000b\u0008<c>")).toBe("ab&lt;c&gt;");
    const feed = rss("http://x.test", { title: "T", description: "D", pagePath: "/", feedPath: "/rss.xml", items: [] });
    expect(feed).toContain("<language>vi</language>");
  });

  it("file names become safe Content-Disposition values", () => {
    expect(contentDisposition(`Kế hoạch "năm"\r\n.pdf`, "tep")).toBe(
      `attachment; filename="Ke hoach nam.pdf"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20n%C4%83m.pdf`,
    );
    expect(contentDisposition(null, "tep")).toBe(`attachment; filename="tep"; filename*=UTF-8''tep`);
  });
});

describe("search marks", () => {
  it("turns sentinels into balanced <mark>, escaping the rest", () => {
    expect(markMatches("\uE000giấy\uE001 <b> \uE000khai").value).toBe("<mark>giấy</mark> &lt;b&gt; <mark>khai</mark>");
    expect(markMatches("\uE001x\uE000\uE000y").value).toBe("x<mark>y</mark>");
  });

  it("queries are one clean line", () => {
    expect(cleanQuery("  giay\n khai\u0000 \uE000sinh ")).toBe("giay khai sinh");
  });
});

describe("the maintenance notice", () => {
  const notice = {
    text: "Bảo trì",
    from: new Date("2026-12-05T15:00:00Z"),
    until: new Date("2026-12-05T19:00:00Z"),
  };
  it("shows from its start until its end", () => {
    expect(activeNotice(notice, new Date("2026-12-05T14:59:59Z"))).toBeNull();
    expect(activeNotice(notice, new Date("2026-12-05T15:00:00Z"))).toBe("Bảo trì");
    expect(activeNotice(notice, new Date("2026-12-05T19:00:00Z"))).toBeNull();
    expect(activeNotice({ ...notice, from: null, until: null }, new Date())).toBe("Bảo trì");
    expect(activeNotice(null, new Date())).toBeNull();
  });
});

describe("odds and ends", () => {
  it("picks brotli, then gzip, honouring q=0", () => {
    const c = { identity: Buffer.alloc(1), br: Buffer.alloc(1), gzip: Buffer.alloc(1) };
    expect(pickEncoding("gzip, deflate, br", c)).toBe("br");
    expect(pickEncoding("br;q=0, gzip", c)).toBe("gzip");
    expect(pickEncoding("identity", c)).toBeNull();
    expect(pickEncoding(undefined, c)).toBeNull();
  });

  it("summaries cut at a word and end with an ellipsis", () => {
    expect(summary("một hai ba bốn năm sáu bảy", 12)).toBe("một hai ba…");
  });

  it("corrections are read leniently, and only when they say something", () => {
    expect(readCorrections([{ at: "2026-11-20T01:00:00Z", text: "Sửa ngày" }, { note: "Sửa tên" }, 3, {}])).toEqual([
      { at: new Date("2026-11-20T01:00:00Z"), text: "Sửa ngày" },
      { at: null, text: "Sửa tên" },
    ]);
    expect(readCorrections(null)).toEqual([]);
    expect(readCorrections("Đính chính")).toEqual([{ at: null, text: "Đính chính" }]);
  });
});

describe("the notice's settings", () => {
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it("are read with their offsets, and checked together", () => {
    const c = loadConfig({
      SITE_NOTICE: "Bảo trì",
      SITE_NOTICE_FROM: "2026-12-05T22:00:00+07:00",
      SITE_NOTICE_UNTIL: "2026-12-06T02:00:00+07:00",
    });
    expect(c.siteNotice).toEqual({
      text: "Bảo trì",
      from: new Date("2026-12-05T15:00:00Z"),
      until: new Date("2026-12-05T19:00:00Z"),
    });
    expect(loadConfig({}).siteNotice).toBeNull();
    expect(problems({ SITE_NOTICE_FROM: "2026-12-05T22:00:00+07:00" })).toEqual([
      "SITE_NOTICE_FROM: is set but SITE_NOTICE is not",
    ]);
    expect(
      problems({
        SITE_NOTICE: "x",
        SITE_NOTICE_FROM: "2026-12-06T22:00:00+07:00",
        SITE_NOTICE_UNTIL: "2026-12-05T22:00:00+07:00",
      }),
    ).toEqual(["SITE_NOTICE_UNTIL: must be after SITE_NOTICE_FROM"]);
    expect(problems({ SITE_NOTICE: "x", SITE_NOTICE_FROM: "05/12/2026 22:00" })[0]).toMatch(
      /^SITE_NOTICE_FROM: must be a date and time with its offset/,
    );
  });
});

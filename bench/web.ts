/**
 * `npm run bench:web`: the public site measured two ways, figures printed, nothing asserted.
 *
 * 1. Throughput and latency of the home page and an item page under a load generator
 *    (autocannon, in its own process) on loopback, side by side with a bare `node:http` server
 *    returning the very same bytes and headers — the ceiling for this machine. Requests ask for
 *    brotli like a browser does.
 * 2. Lighthouse (mobile profile: emulated phone, simulated slow 4G and CPU slowdown) on the home,
 *    news list, item, search and form pages, in Debian's Chromium: performance, accessibility,
 *    best practices and SEO scores.
 *
 * The site runs on a fresh database with items published through the real pipeline.
 *   BENCH_WEB_DURATION (seconds per run, 5)  BENCH_WEB_ROUNDS (alternating rounds, median kept, 3)
 *   BENCH_WEB_CONNECTIONS (20)  CHROMIUM_PATH (/usr/bin/chromium)
 *   BENCH_WEB_SKIP_LIGHTHOUSE=1 to measure throughput only.
 */
import { spawn } from "node:child_process";
import { request, createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { answerThrough, NEWS, publishThrough, startSite } from "../tests/web/site.ts";

const DURATION = Number(process.env.BENCH_WEB_DURATION ?? 5);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 20);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 3);

interface Load {
  rps: number;
  /** This process's CPU time per request, in microseconds: what serving one response costs, whatever else runs. */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** The run with the median throughput (its latencies come with it), errors summed. */
function median(runs: Load[]): Load {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  return { ...mid, errors: runs.reduce((n, r) => n + r.errors, 0), non2xx: runs.reduce((n, r) => n + r.non2xx, 0) };
}

/** Runs autocannon in a child process (so it does not share the server's event loop). */
function load(url: string): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "node_modules/.bin/autocannon",
      ["-j", "-c", String(CONNECTIONS), "-d", String(DURATION), "-H", "accept-encoding=br, gzip", url],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    const cpu0 = process.cpuUsage();
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", () => {
      try {
        const cpu = process.cpuUsage(cpu0);
        const r = JSON.parse(out) as {
          requests: { average: number; total: number };
          latency: { p50: number; p99: number };
          errors: number;
          non2xx: number;
        };
        resolve({
          rps: r.requests.average,
          cpuUs: (cpu.user + cpu.system) / Math.max(1, r.requests.total),
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors,
          non2xx: r.non2xx,
        });
      } catch (e) {
        reject(new Error(`autocannon gave no result: ${(e as Error).message}`));
      }
    });
  });
}

/** The raw response (compressed bytes and headers) the site gives a browser. */
function raw(url: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { "accept-encoding": "br, gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** A bare node:http server answering every request with these bytes and headers. */
async function bare(r: { headers: IncomingHttpHeaders; body: Buffer }) {
  const headers = Object.fromEntries(
    Object.entries(r.headers).filter(([k, v]) => v !== undefined && !["date", "connection", "keep-alive"].includes(k)),
  ) as Record<string, string>;
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  process.stdout.write("Preparing a site with published items…\n");
  const site = await startSite({ logLevel: "warn" });
  const photo = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: "#b8763c" } })
    .jpeg()
    .toBuffer();
  let item = "";
  for (let i = 1; i <= 12; i++) {
    const p = await publishThrough(site, {
      channel: "telegram",
      senderId: "9100",
      senderName: "Ngô Văn Cộng",
      subject: `Hoạt động văn hóa thôn ${i}: Ngày hội Đại đoàn kết toàn dân tộc`,
      text: NEWS.replace("15/11", `${i}/11`) + "\n\n" + NEWS,
      attachments: i === 12 ? [{ bytes: photo, name: "anh.jpg", type: "image/jpeg" }] : [],
    });
    item ||= p.slug;
    if (i === 12) item = p.slug;
  }
  for (let i = 1; i <= 8; i++) {
    await answerThrough(
      site,
      {
        channel: "zalo",
        senderId: `z-91${i}`,
        senderName: "Người dân",
        text: `Cho em hỏi làm giấy khai sinh cho con thứ ${i} cần những giấy tờ gì ạ?`,
      },
      "Mang tờ khai đăng ký khai sinh, giấy chứng sinh và căn cước của cha mẹ đến bộ phận một cửa của xã.",
    );
  }

  const pages = { home: "/", item: `/tin/${item}` };
  process.stdout.write(
    `\nThroughput on loopback: autocannon, ${CONNECTIONS} connections, median of ${ROUNDS} alternating ${DURATION} s runs, brotli accepted\n\n`,
  );
  const rows: string[][] = [
    ["page", "server", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "bytes", "share of bare", "CPU share"],
  ];
  for (const [name, path] of Object.entries(pages)) {
    const url = site.url + path;
    const sample = await raw(url);
    const b = await bare(sample);
    await load(url); // warm-up: JIT, page cache
    await load(b.url);
    // Alternating rounds, medians: the machine is shared, and a single run can be off by half.
    const oursRuns: Load[] = [];
    const bareRuns: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      oursRuns.push(await load(url));
      bareRuns.push(await load(b.url));
    }
    b.close();
    const ours = median(oursRuns);
    const ceiling = median(bareRuns);
    if (ours.errors || ours.non2xx) process.stdout.write(`  ${name}: ${ours.errors} errors, ${ours.non2xx} non-2xx\n`);
    rows.push([
      name,
      "bantin (fastify)",
      fmt(ours.rps),
      fmt(ours.p50),
      fmt(ours.p99),
      fmt(ours.cpuUs),
      fmt(sample.body.length),
      `${fmt((100 * ours.rps) / ceiling.rps)} %`,
      `${fmt((100 * ceiling.cpuUs) / ours.cpuUs)} %`,
    ]);
    rows.push([
      name,
      "bare node:http",
      fmt(ceiling.rps),
      fmt(ceiling.p50),
      fmt(ceiling.p99),
      fmt(ceiling.cpuUs),
      fmt(sample.body.length),
      "100 %",
      "100 %",
    ]);
  }
  printTable(rows);

  if (process.env.BENCH_WEB_SKIP_LIGHTHOUSE !== "1") {
    process.stdout.write(`\nLighthouse ${lighthouseVersion()} (mobile profile, simulated throttling), ${CHROMIUM}\n\n`);
    const port = 9300 + Math.floor(Math.random() * 500);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage", `--remote-debugging-port=${port}`],
      // Playwright turns the back/forward cache off by default; a reader's browser has it.
      ignoreDefaultArgs: ["--disable-back-forward-cache"],
    });
    const scores: string[][] = [
      ["page", "performance", "accessibility", "best practices", "SEO", "FCP ms", "LCP ms", "TBT ms", "SI ms", "CLS"],
    ];
    try {
      for (const [name, path] of Object.entries({
        home: "/",
        "news list": "/tin-tuc",
        item: `/tin/${item}`,
        search: "/tim-kiem?q=giay+khai+sinh",
        form: "/gui-cau-hoi",
      })) {
        // A trace can fail to record on a loaded machine (NO_NAVSTART…): such a run is repeated.
        let lhr;
        for (let attempt = 1; ; attempt++) {
          const r = await lighthouse(site.url + path, {
            port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
          });
          lhr = r!.lhr;
          if (!lhr.runtimeError || attempt === 3) break;
          process.stdout.write(`  ${name}: ${lhr.runtimeError.code}, running again\n`);
        }
        if (lhr.runtimeError)
          process.stdout.write(`  ${name}: ${lhr.runtimeError.code} — ${lhr.runtimeError.message}\n`);
        const score = (c: string) => fmt(100 * (lhr.categories[c]?.score ?? 0));
        scores.push([
          name,
          score("performance"),
          score("accessibility"),
          score("best-practices"),
          score("seo"),
          fmt(lhr.audits["first-contentful-paint"]?.numericValue ?? NaN),
          fmt(lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN),
          fmt(lhr.audits["total-blocking-time"]?.numericValue ?? NaN),
          fmt(lhr.audits["speed-index"]?.numericValue ?? NaN),
          fmt(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN, 3),
        ]);
        for (const [id, a] of Object.entries(lhr.audits)) {
          if (a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
            process.stdout.write(
              `  ${name}: ${id} — ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}${explain(a)}\n`,
            );
        }
      }
    } finally {
      await browser.close();
    }
    printTable(scores);
  }
  await site.close();
}

/** The first few items of a failed audit's details, on one line. */
function explain(a: { details?: unknown }): string {
  const items = (a.details as { items?: unknown[] } | undefined)?.items;
  return items?.length ? `: ${JSON.stringify(items.slice(0, 3)).slice(0, 400)}` : "";
}

function lighthouseVersion(): string {
  return process.env.npm_package_devDependencies_lighthouse ?? "";
}

function printTable(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [n, r] of rows.entries()) {
    process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ") + "\n");
    if (n === 0) process.stdout.write(widths.map((w) => "-".repeat(w)).join("  ") + "\n");
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:web failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run bench:mail`: the cost of taking mail apart, in the parsing worker as intake runs it —
 * each fixture of the corpus (tests/fixtures/mail), a 2 MB HTML body and a message with a 20 MB
 * attachment — and how long the service's own event loop was held meanwhile (the longest gap
 * between 1 ms timer ticks). Prints milliseconds per message; nothing is asserted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseInWorker } from "../mail/inbound/parse-in-worker.ts";

const FIXTURES = join(import.meta.dirname, "../tests/fixtures/mail");
const opts = { ownAddresses: ["hopthu@xa-tanphu.test"], maxAttachments: 100, timeoutMs: 120_000 };

async function measure(name: string, raw: Buffer, rounds: number) {
  await (await parseInWorker(raw, opts)).cleanup(); // warm the worker
  let gap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 1);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const run = await parseInWorker(raw, opts);
    times.push(performance.now() - t);
    await run.cleanup();
  }
  clearInterval(ticker);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `${name.padEnd(34)} ${(raw.length / 1024).toFixed(0).padStart(7)} KiB  median ${median.toFixed(1).padStart(8)} ms` +
      `  longest event-loop gap ${gap.toFixed(1).padStart(6)} ms`,
  );
}

console.log("mail parsing in the worker thread (median of rounds)");
for (const f of readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".eml"))
  .sort())
  await measure(f, readFileSync(join(FIXTURES, f)), 50);

const row = "<tr><td>Thôn Đông</td><td>Hộ gia đình <b>Nguyễn Văn A</b> nhận hỗ trợ</td></tr>\n";
const html = `<html><body><table>${row.repeat(Math.ceil(2_100_000 / row.length))}</table></body></html>`;
const head = "From: Hoa <hoa@example.vn>\r\nTo: hopthu@xa-tanphu.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n";
await measure(
  "generated: 2 MB HTML body",
  Buffer.from(head + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html),
  5,
);
const bytes = Buffer.alloc(20 * 1_048_576, 7);
await measure(
  "generated: 20 MB attachment",
  Buffer.concat([
    Buffer.from(
      head +
        'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nHo so.\r\n' +
        '--x\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
    ),
    Buffer.from(bytes.toString("base64").replace(/.{76}/g, "$&\r\n")),
    Buffer.from("\r\n--x--\r\n"),
  ]),
  3,
);

/**
 * `bantin classify` through the real executable (`bin/bantin.js` on the project's Node), with no
 * configuration at all: one output line per input line, in order, written before the next line
 * is read, and exit code 1 when a line was malformed.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { KINDS, FIELD_CODES } from "../../core/domain.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("bantin classify (the bin)", () => {
  it("answers each line as it arrives, reports a malformed one and exits 1", async () => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/node"), [path.join(ROOT, "bin/bantin.js"), "classify"], {
      cwd: ROOT,
      // Nothing but PATH, and a database URL that would fail if the command tried to load config.
      env: { PATH: process.env.PATH, DATABASE_URL: "not-a-url" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => {
      const r = await lines.next();
      if (r.done) throw new Error(`stdout ended early; stderr: ${stderr}`);
      return JSON.parse(r.value) as Record<string, unknown>;
    };

    // Each answer is read before the next line is written: the command streams, it does not buffer.
    child.stdin.write(
      JSON.stringify({ text: "Cho em hỏi thủ tục đăng ký khai sinh cho con cần giấy tờ gì ạ?" }) + "\n",
    );
    const first = await next();
    child.stdin.write("\n"); // blank: skipped, no output
    child.stdin.write('{"text": "unterminated\n');
    const second = await next();
    child.stdin.write(
      JSON.stringify({
        subject: "Tin hoạt động",
        text: "Sáng 15/11, xã tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại thôn Đông.",
      }) + "\n",
    );
    const third = await next();
    child.stdin.end();

    expect(Object.keys(first).sort()).toEqual(["confidence", "field", "kind"]);
    expect(KINDS).toContain(first.kind);
    expect(first.kind).toBe("question");
    expect(FIELD_CODES).toContain(first.field);
    expect(first.confidence).toBeGreaterThanOrEqual(0);
    expect(first.confidence).toBeLessThanOrEqual(1);
    expect(Object.keys(second)).toEqual(["error"]);
    expect(second.error).toMatch(/JSON/);
    expect(third.kind).toBe("news");
    expect(FIELD_CODES).toContain(third.field);

    expect((await lines.next()).done).toBe(true);
    expect(await exited).toBe(1);
    expect(stderr).toBe("");
  });
});

/**
 * A worker killed mid-job loses nothing, and its successor repeats no step whose effect was
 * recorded. Only a message in flight at the instant of the kill may go out twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { decide } from "../../core/review/decide.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

interface Line {
  event: string;
  type?: string;
  address?: string;
}

class WorkerProcess {
  readonly lines: Line[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  constructor(spine: Spine, hang = "") {
    // node itself, not the tsx launcher: SIGKILL must reach the process that runs the worker.
    this.child = spawn(
      "node_modules/.bin/node",
      ["--import", "tsx", "tests/support/worker-process.ts", spine.databaseUrl, spine.prefix, hang],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    createInterface({ input: this.child.stdout! }).on("line", (l) => this.lines.push(JSON.parse(l) as Line));
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
  }
  has(event: string) {
    return this.lines.some((l) => l.event === event);
  }
  sent(type: string, address: string) {
    return this.lines.filter((l) => l.event === "sent" && l.type === type && l.address === address).length;
  }
  async kill() {
    this.child.kill("SIGKILL");
    await this.exited;
  }
}

const NEWS =
  "Chiều ngày 20/11, Trường Tiểu học xã tổ chức lễ kỷ niệm Ngày Nhà giáo Việt Nam, tuyên dương 12 giáo viên giỏi.";

let spine: Spine;
const live: WorkerProcess[] = [];
let member: string;

beforeAll(async () => {
  spine = await startSpine({ workers: false });
  await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "7002" }, [{ role: "secretariat" }]);
  member = await person(spine.db, "Đinh Văn Giáo", { channel: "telegram", externalId: "7003" }, [
    { role: "member", field: "giao-duc" },
  ]);
});
// A failed scenario must not leave its workers consuming the next one's jobs.
afterEach(async () => {
  for (const w of live.splice(0)) await w.kill();
});
afterAll(async () => {
  await spine?.close();
});

const start = async (hang = "") => {
  const w = new WorkerProcess(spine, hang);
  live.push(w);
  await waitFor(() => w.has("ready"), { what: "worker ready", timeoutMs: 30_000 });
  return w;
};

describe("a worker killed mid-job", () => {
  it("between classifying an item and asking its reviewers: the successor asks them, once", async () => {
    const first = await start("review");
    const r = await receiveInbound(spine.core, {
      channel: "telegram",
      externalId: "crash-0",
      sender: { externalId: "7099" },
      text: NEWS,
    });
    await waitFor(() => first.has("hang"), { what: "the worker to be between classifying and asking" });
    await first.kill();
    expect((await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status).toBe("classified");

    const second = await start();
    await waitFor(() => second.sent("card", "7002") + second.sent("card", "7003") === 2, {
      what: "cards from the successor",
      timeoutMs: 30_000,
    });
    expect((await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status).toBe("in_review");
    expect(await spine.db.reviewRequest.count({ where: { submissionId: r.submissionId } })).toBe(2);
    expect(
      await spine.db.auditEvent.count({ where: { submissionId: r.submissionId, action: "submission.classified" } }),
    ).toBe(1);
    await second.kill();
  });

  it("inside a transaction: it rolls back whole, and the successor applies the decision once", async () => {
    const first = await start("apply");
    const r = await receiveInbound(spine.core, {
      channel: "telegram",
      externalId: "crash-1",
      sender: { externalId: "7100" },
      text: NEWS,
    });
    await waitFor(() => first.sent("card", "7002") + first.sent("card", "7003") === 2, { what: "cards" });
    const d = await decide(spine.core, {
      target: { submissionId: r.submissionId },
      deciderId: member,
      channel: "telegram",
      action: "approve",
    });
    expect(d.outcome).toBe("decided");
    await waitFor(() => first.has("hang"), { what: "the worker to be inside the apply-decision transaction" });
    await first.kill();
    // Rolled back: the decision is still waiting to be applied, the item still in review.
    const decision = await spine.db.decision.findFirstOrThrow({ where: { submissionId: r.submissionId } });
    expect(decision.state).toBe("recorded");
    expect((await spine.db.submission.findUniqueOrThrow({ where: { id: r.submissionId } })).status).toBe("in_review");

    const second = await start();
    await waitFor(() => first.sent("text", "7100") + second.sent("text", "7100") === 2, {
      what: "the published notice",
      timeoutMs: 30_000,
    });
    await waitFor(() => second.sent("card_update", "7002") + second.sent("card_update", "7003") === 2, {
      what: "cards closed",
    });
    expect(await spine.db.publication.count({ where: { submissionId: r.submissionId } })).toBe(1);
    expect(
      await spine.db.auditEvent.count({ where: { submissionId: r.submissionId, action: "decision.applied" } }),
    ).toBe(1);
    expect(await spine.db.outboundMessage.count({ where: { submissionId: r.submissionId, kind: "card_update" } })).toBe(
      2,
    );
    await second.kill();
  });

  it("while delivering a card: only that in-flight card is sent again; the item then completes exactly once", async () => {
    const first = await start("send:7003");
    const r = await receiveInbound(spine.core, {
      channel: "telegram",
      externalId: "crash-2",
      sender: { externalId: "7200" },
      text: NEWS.replace("20/11", "21/11"),
    });
    await waitFor(() => first.has("hang"), { what: "the worker to be mid-delivery" });
    // Everything else was delivered and recorded: the hung card is the only message in flight.
    await waitFor(
      async () =>
        (await spine.db.outboundMessage.count({ where: { submissionId: r.submissionId, status: "sent" } })) === 2,
      { what: "the acknowledgement and the other card recorded as sent" },
    );
    await first.kill();

    const second = await start();
    await waitFor(() => second.sent("card", "7003") === 1, { what: "the in-flight card re-sent", timeoutMs: 30_000 });
    expect(first.sent("card", "7002") + second.sent("card", "7002")).toBe(1);
    expect(first.sent("text", "7200") + second.sent("text", "7200")).toBe(1);

    expect(
      (
        await decide(spine.core, {
          target: { submissionId: r.submissionId },
          deciderId: member,
          channel: "telegram",
          action: "approve",
        })
      ).outcome,
    ).toBe("decided");
    await waitFor(() => first.sent("text", "7200") + second.sent("text", "7200") === 2, { what: "published notice" });
    expect(await spine.db.publication.count({ where: { submissionId: r.submissionId } })).toBe(1);
    expect(await spine.db.decision.count({ where: { submissionId: r.submissionId } })).toBe(1);
    await second.kill();
  });
});

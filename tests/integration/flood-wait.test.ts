/**
 * A provider's flood limit (Telegram's 429 with retry_after) delays a delivery by what it asked;
 * it does not count as a failed attempt, so a long wait never exhausts the retries.
 */
import { Queue } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRecordingSender, type Recorded } from "../../bots/recording/sender.ts";
import { DeliveryError } from "../../core/errors.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import type { ChannelSender } from "../../core/ports.ts";
import { sendQueueName } from "../../queue/jobs.ts";
import { REDIS_URL, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
const delivered: Recorded[] = [];
let floods = 0;

beforeAll(async () => {
  const recording = createRecordingSender("telegram", delivered);
  // Every text is refused once with "retry after 0.3 s" before it goes through.
  const flooded: ChannelSender = {
    ...recording,
    async sendText(to, text) {
      if (floods++ % 2 === 0) throw new DeliveryError("telegram sendMessage: 429 Too Many Requests", false, false, 300);
      return recording.sendText(to, text);
    },
  };
  spine = await startSpine({ senders: { telegram: flooded } });
});
afterAll(async () => spine?.close());

it("waits as asked, then delivers, without using up an attempt", async () => {
  const r = await receiveInbound(spine.core, {
    channel: "telegram",
    externalId: "flood-1",
    sender: { externalId: "7001" },
    text: "Xin hỏi lịch tiếp công dân tuần này.",
  });
  const ack = await spine.db.outboundMessage.findFirstOrThrow({ where: { submissionId: r.submissionId } });
  const queue = new Queue(sendQueueName("telegram"), { connection: { url: REDIS_URL }, prefix: spine.prefix });
  try {
    const job = await waitFor(
      async () => {
        const j = await queue.getJob(`send-message-${ack.id}`);
        return j && (await j.getState()) === "delayed" ? j : null;
      },
      { what: "the delivery delayed" },
    );
    expect(job.attemptsMade).toBe(0);
    await waitFor(() => delivered.find((m) => m.type === "text" && m.text.includes(r.trackingCode)), {
      what: "delivered after the wait",
    });
    await waitFor(
      async () => {
        const j = await queue.getJob(`send-message-${ack.id}`);
        return j && (await j.getState()) === "completed" ? j : null;
      },
      { what: "the job completed" },
    );
    expect((await spine.db.outboundMessage.findUniqueOrThrow({ where: { id: ack.id } })).status).toBe("sent");
  } finally {
    await queue.close();
  }
});

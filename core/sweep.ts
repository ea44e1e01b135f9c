/**
 * The sweeper: rows stuck in a state longer than they should be (Redis was down at commit, a
 * job was lost) get their job again. Every job re-checks state, so a spurious re-drive is harmless.
 */
import type { CoreDeps } from "./context.ts";
import type { FollowUp } from "./ports.ts";

const BATCH = 500;

/** Finds stuck work older than `olderThanMs` and returns the jobs that move it on. */
export async function findStuckWork(
  deps: Pick<CoreDeps, "db">,
  olderThanMs: number,
  at = new Date(),
): Promise<FollowUp[]> {
  const cutoff = new Date(at.getTime() - olderThanMs);
  const db = deps.db;
  const stuck = (status: "received" | "classified" | "approved") =>
    db.submission.findMany({
      where: { status, statusAt: { lt: cutoff } },
      select: { id: true, round: true },
      orderBy: { statusAt: "asc" },
      take: BATCH,
    });
  const [received, classified, approved, decisions, outbound] = await Promise.all([
    stuck("received"),
    stuck("classified"),
    stuck("approved"),
    db.decision.findMany({
      where: { state: "recorded", decidedAt: { lt: cutoff } },
      select: { id: true },
      take: BATCH,
    }),
    db.outboundMessage.findMany({
      where: { status: "pending", createdAt: { lt: cutoff } },
      select: { id: true, channel: true },
      orderBy: { createdAt: "asc" },
      take: BATCH,
    }),
  ]);
  return [
    ...received.map((s): FollowUp => ({ name: "classify-submission", data: { submissionId: s.id } })),
    ...classified.map((s): FollowUp => ({ name: "request-review", data: { submissionId: s.id, round: s.round } })),
    ...decisions.map((d): FollowUp => ({ name: "apply-decision", data: { decisionId: d.id } })),
    ...approved.map((s): FollowUp => ({ name: "publish-submission", data: { submissionId: s.id } })),
    ...outbound.map((m): FollowUp => ({ name: "send-message", data: { outboundMessageId: m.id, channel: m.channel } })),
  ];
}

/**
 * `bantin redrive`: enqueues again the jobs of work stuck in one state (what the sweeper does
 * every minute), at once, for everything or for one item. Every job re-checks state first, so
 * re-driving work that is not really stuck is harmless.
 */
import { PermanentError } from "../../core/errors.ts";
import type { FollowUp } from "../../core/ports.ts";
import { findStuckWork } from "../../core/sweep.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { parseCode, parseCommand, parseDuration, print, table, type Io } from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `redrive [<tracking code>]`. */
export async function redrive(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "redrive";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { "older-than": { type: "string" } },
    optional: 1,
  });
  const olderThanMs = parseDuration(cmd, "older-than", values["older-than"] ?? "0s");
  const n = positionals[0] === undefined ? null : parseCode(cmd, positionals[0]);
  const s = await session();

  let jobs = await findStuckWork({ db: s.db }, olderThanMs);
  if (n !== null) {
    const item = await s.db.submission.findUnique({
      where: { trackingNumber: n },
      select: { id: true, decisions: { select: { id: true } }, outboundMessages: { select: { id: true } } },
    });
    if (!item) throw new PermanentError(`no item ${formatTrackingCode(n)}`);
    const decisions = new Set(item.decisions.map((d) => d.id));
    const messages = new Set(item.outboundMessages.map((m) => m.id));
    jobs = jobs.filter((j) => belongsTo(j, item.id, decisions, messages));
  }
  const scope = n === null ? "" : ` for ${formatTrackingCode(n)}`;
  if (jobs.length === 0) {
    print(io, `Nothing stuck${scope}.`);
    return 0;
  }
  await s.core().jobs.enqueue(jobs);
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.name, (counts.get(j.name) ?? 0) + 1);
  print(io, `Re-drove ${jobs.length} job${jobs.length === 1 ? "" : "s"}${scope}:`);
  print(
    io,
    table(
      ["job", "count"],
      [...counts].map(([name, c]) => [name, String(c)]),
    ),
  );
  return 0;
}

function belongsTo(job: FollowUp, submissionId: string, decisions: Set<string>, messages: Set<string>): boolean {
  switch (job.name) {
    case "classify-submission":
    case "request-review":
    case "publish-submission":
      return job.data.submissionId === submissionId;
    case "apply-decision":
      return decisions.has(job.data.decisionId);
    case "send-message":
      return messages.has(job.data.outboundMessageId);
  }
}

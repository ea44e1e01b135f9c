/**
 * `bantin decide`: a decision taken for a board member from the command line — the way to
 * forward an item until every channel has a menu for it. The same rules as every channel:
 * the person's roles are checked, and the first decision wins.
 */
import { decide as decideItem, type DecideInput } from "../../core/review/decide.ts";
import { findPerson } from "../../core/people/people.ts";
import { reviewerMessages } from "../../core/messages/vi.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { parseCode, parseCommand, print, UsageError, type Io } from "./args.ts";
import type { Session } from "./session.ts";

const ACTIONS = { approve: "approve", reject: "reject", changes: "request_changes", forward: "forward" } as const;

/** Runs `decide <tracking code> approve|reject|changes|forward --as <person> …`. */
export async function decide(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "decide";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: {
      as: { type: "string" },
      reason: { type: "string" },
      note: { type: "string" },
      field: { type: "string" },
      to: { type: "string" },
    },
    positionals: ["tracking code", "action"],
  });
  const code = formatTrackingCode(parseCode(cmd, positionals[0]!));
  const action = ACTIONS[positionals[1] as keyof typeof ACTIONS];
  if (!action) throw new UsageError(`${cmd}: the action is one of ${Object.keys(ACTIONS).join(", ")}`);
  if (!values.as) throw new UsageError(`${cmd}: missing option --as <person> (who decides)`);
  const reasonCode = values.reason === undefined ? undefined : Number(values.reason);
  if (action === "reject" && (reasonCode === undefined || !Number.isInteger(reasonCode))) {
    throw new UsageError(`${cmd}: reject needs --reason <1-9>`);
  }
  if (action === "forward" && !values.field && !values.to)
    throw new UsageError(`${cmd}: forward needs --field <code> or --to <person>`);

  const s = await session();
  const decider = await findPerson(s.db, values.as);
  if (!decider) throw new UsageError(`${cmd}: no person matches "${values.as}"`);
  const to = values.to ? await findPerson(s.db, values.to) : null;
  if (values.to && !to) throw new UsageError(`${cmd}: no person matches "${values.to}"`);

  const input: DecideInput = {
    target: { trackingCode: code },
    deciderId: decider.id,
    channel: "cli",
    action,
    reasonCode,
    note: values.note ?? null,
    ...(action === "forward" ? { forwardTo: { fieldCode: values.field, personId: to?.id } } : {}),
  };
  const r = await decideItem(s.core(), input);
  switch (r.outcome) {
    case "decided":
      print(io, reviewerMessages.decided({ trackingCode: r.trackingCode, action }));
      return 0;
    case "already_decided":
      print(io, reviewerMessages.alreadyDecided(r));
      return 1;
    case "not_allowed":
      print(io, reviewerMessages.notAllowed(r));
      return 1;
    case "not_in_review":
      print(io, reviewerMessages.notInReview(r));
      return 1;
    case "invalid":
      print(io, reviewerMessages.invalid(r));
      return 1;
    case "not_found":
      print(io, reviewerMessages.notFound({ code }));
      return 1;
  }
}

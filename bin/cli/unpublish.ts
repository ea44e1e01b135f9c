/**
 * `bantin unpublish`: takes an item off the public site. The record, its history and its
 * attribution stay; the reason is kept with the publication.
 */
import { unpublish as unpublishItem } from "../../core/publishing/publish.ts";
import { formatDateTime } from "../../core/messages/vi.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { parseCode, parseCommand, print, UsageError, type Io, OPERATOR } from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `unpublish <tracking code> --reason <text>`. */
export async function unpublish(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "unpublish";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { reason: { type: "string" } },
    positionals: ["tracking code"],
  });
  const n = parseCode(cmd, positionals[0]!);
  if (!values.reason) throw new UsageError(`${cmd}: missing option --reason <text>`);
  const s = await session();
  const p = await unpublishItem(s.core(), { trackingCode: formatTrackingCode(n), reason: values.reason }, OPERATOR);
  const when = p.unpublishedAt ? ` at ${formatDateTime(p.unpublishedAt, s.config.timeZone)}` : "";
  print(io, `${formatTrackingCode(n)} (${p.slug}) is unpublished${when}.`);
  return 0;
}

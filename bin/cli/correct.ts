/**
 * `bantin correct`: corrects a published item (đính chính). The new title, body or answer replace
 * the old; the note is shown on the item as a correction; the old text stays in the audit log.
 */
import { readFile } from "node:fs/promises";
import { formatDateTime } from "../../core/messages/vi.ts";
import { correctPublication } from "../../core/publishing/publish.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { parseCode, parseCommand, print, UsageError, type Io, OPERATOR } from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `correct <tracking code> --note <text> [--title <text>] [--body-file <path>] [--answer-file <path>]`. */
export async function correct(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "correct";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: {
      note: { type: "string" },
      title: { type: "string" },
      "body-file": { type: "string" },
      "answer-file": { type: "string" },
    },
    positionals: ["tracking code"],
  });
  const n = parseCode(cmd, positionals[0]!);
  if (!values.note) throw new UsageError(`${cmd}: missing option --note <what was corrected>`);
  const read = async (path: string | undefined, option: string) => {
    if (path === undefined) return undefined;
    return readFile(path, "utf8").catch(() => {
      throw new UsageError(`${cmd}: cannot read the file given to --${option}: ${path}`);
    });
  };
  const body = await read(values["body-file"], "body-file");
  const answerText = await read(values["answer-file"], "answer-file");
  const s = await session();
  const p = await correctPublication(
    s.core(),
    {
      trackingCode: formatTrackingCode(n),
      note: values.note,
      ...(values.title !== undefined && { title: values.title }),
      ...(body !== undefined && { body }),
      ...(answerText !== undefined && { answerText }),
    },
    OPERATOR,
  );
  print(io, `${formatTrackingCode(n)} (${p.slug}) corrected at ${formatDateTime(p.updatedAt, s.config.timeZone)}.`);
  return 0;
}

/**
 * The operator's command-line tool, `bantin <command> …`: people, roles, fields, an item's
 * history, re-driving stuck work, unpublishing, and the classifier as a filter.
 * Exit codes: 0 ok, 1 operational failure (database down, refused by core), 2 usage error.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PermanentError } from "../../core/errors.ts";
import { UsageError, type Io } from "./args.ts";
import type { Session } from "./session.ts";
import {
  CLASSIFY_USAGE,
  RECLASSIFY_USAGE,
  FIELDS_USAGE,
  PEOPLE_USAGE,
  REDRIVE_USAGE,
  ROLES_USAGE,
  SHOW_USAGE,
  UNPUBLISH_USAGE,
  CORRECT_USAGE,
  DECIDE_USAGE,
} from "./usage.ts";

type Command = (argv: string[], io: Io, session: () => Promise<Session>) => Promise<number>;

/**
 * Each command's module is imported when it runs: `classify` must work with no configuration,
 * database or Redis, so nothing that reaches them is loaded up front.
 */
const COMMANDS: Record<string, { usage: string; load: () => Promise<Command> }> = {
  people: { usage: PEOPLE_USAGE, load: async () => (await import("./people.ts")).people },
  roles: { usage: ROLES_USAGE, load: async () => (await import("./roles.ts")).roles },
  fields: { usage: FIELDS_USAGE, load: async () => (await import("./fields.ts")).fieldsCommand },
  show: { usage: SHOW_USAGE, load: async () => (await import("./show.ts")).show },
  redrive: { usage: REDRIVE_USAGE, load: async () => (await import("./redrive.ts")).redrive },
  unpublish: { usage: UNPUBLISH_USAGE, load: async () => (await import("./unpublish.ts")).unpublish },
  correct: { usage: CORRECT_USAGE, load: async () => (await import("./correct.ts")).correct },
  decide: { usage: DECIDE_USAGE, load: async () => (await import("./decide.ts")).decide },
  classify: { usage: CLASSIFY_USAGE, load: async () => (await import("./classify.ts")).classify },
  reclassify: { usage: RECLASSIFY_USAGE, load: async () => (await import("./reclassify.ts")).reclassify },
};

const USAGE = `\
bantin — the operator's tool for Bantin (bản tin xã): people, roles, fields, items.

Usage: bantin <command> [arguments] [options]
       bantin help [<command>]        this text, or one command's
       bantin <command> --help

Commands:
  people add|list|show|link|invite|revoke   board members, collaborators, responders and their identities
  roles grant|revoke                        who may review, answer or send news, per field
  fields list|add                           the field taxonomy (lĩnh vực)
  show <tracking code>                      an item and its whole history
  redrive [<tracking code>]                 enqueue stuck work again
  unpublish <tracking code>                 take an item off the site (nothing is deleted)
  correct <tracking code>                   correct a published item; the correction is shown on it
  decide <tracking code> <action>           approve, reject, request changes or forward, for a board member
  classify                                  classify JSON lines from stdin (no database needed)
  reclassify <tracking code>                correct an item's kind or field; --export prints corrections

List and show commands print tables; add --json for machine-readable output.
Configuration comes from the environment, as for the service (docs/configuration.md).
Exit codes: 0 ok, 1 failed (database down, refused), 2 usage error.

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join("\n")}`;

/** Runs one command line; returns the exit code. Never calls `process.exit` itself (config errors aside). */
export async function run(argv: string[], io: Io): Promise<number> {
  let opened: Session | null = null;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      const topic = name === "help" ? rest[0] : undefined;
      if (topic !== undefined && !(topic in COMMANDS)) throw new UsageError(`help: unknown command "${topic}"`);
      io.stdout.write(topic ? COMMANDS[topic]!.usage : USAGE);
      return 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name]! : null;
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const dashdash = rest.indexOf("--");
    if ((dashdash < 0 ? rest : rest.slice(0, dashdash)).some((a) => a === "--help" || a === "-h")) {
      io.stdout.write(command.usage);
      return 0;
    }
    const session = async () => {
      const { openSession } = await import("./session.ts");
      return (opened ??= await openSession(io));
    };
    return await (
      await command.load()
    )(rest, io, session);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`bantin: ${e.message}\nRun 'bantin help' for usage.\n`);
      return 2;
    }
    io.stderr.write(`bantin: ${describeFailure(e)}\n`);
    return 1;
  } finally {
    const s = opened as Session | null;
    if (s)
      await s.close().catch((e: unknown) => io.stderr.write(`bantin: closing connections: ${describeFailure(e)}\n`));
  }
}

/** An operator's mistake is its message; anything else (database down…) its message too, on one line. */
function describeFailure(e: unknown): string {
  if (e instanceof PermanentError) return e.message;
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.map(describeFailure).join("; ");
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const text = e.message.trim().split("\n").filter(Boolean).at(-1) ?? e.name;
    return typeof code === "string" && !text.includes(code) ? `${text} (${code})` : text;
  }
  return String(e);
}

/** True when this file is the process's entry: `tsx bin/cli/main.ts` or `bin/bantin.js` (also via npx's symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    const real = realpathSync(script);
    return real === fileURLToPath(import.meta.url) || real === fileURLToPath(new URL("../bantin.js", import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A reader that stops early (`bantin classify … | head`) is not a failure worth a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1));
  const code = await run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
  process.stdout.write("", () => process.exit(code));
}

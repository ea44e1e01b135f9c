/**
 * Shared parts of the operator's command-line tool: argument parsing (node:util `parseArgs`,
 * strict), usage errors, and output as plain-text tables or JSON.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CHANNELS, ROLES, type Channel, type Role } from "../../core/domain.ts";
import type { Actor } from "../../core/people/people.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";

/** Where a command reads and writes; the real process streams, or a test's. */
export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** Operator actions are audited as coming from the command line, with no person behind them. */
export const OPERATOR: Actor = { personId: null, via: "cli" };

/** The operator typed something the tool does not understand: exit 2 with a hint to `bantin help`. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses one command's arguments strictly. `positionals` names the required positional
 * arguments in order (a missing one is named in the error); `optional` how many may follow.
 */
export function parseCommand<const O extends Options>(
  command: string,
  argv: string[],
  spec: { options: O; positionals?: readonly string[]; optional?: number },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${command}: ${describeParseError(e)}`);
  }
  const names = spec.positionals ?? [];
  const { positionals } = parsed;
  if (positionals.length < names.length) {
    throw new UsageError(`${command}: missing argument <${names[positionals.length]}>`);
  }
  if (positionals.length > names.length + (spec.optional ?? 0)) {
    const extra = positionals.slice(names.length + (spec.optional ?? 0));
    throw new UsageError(`${command}: unexpected argument ${extra.map((a) => JSON.stringify(a)).join(" ")}`);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === "string" && value.trim() === "") throw new UsageError(`${command}: --${name} is empty`);
  }
  return parsed;
}

/** parseArgs' messages are long and mention internals; keep the part that names the problem. */
function describeParseError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const option = /'(-{1,2}[^'\s,]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return /argument missing/.test(message) ? `option ${option} needs a value` : `option ${option} takes no value`;
  }
  return message.split("\n")[0]!.replace(/\. To specify a positional argument.*$/, "");
}

export function parseRole(command: string, value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new UsageError(`${command}: unknown role "${value}" (roles: ${ROLES.join(", ")})`);
}

/** Channels a person has an identity on; `web` has none. */
export const IDENTITY_CHANNELS = CHANNELS.filter((c) => c !== "web");

export function parseChannel(command: string, value: string, what = "channel"): Channel {
  if ((IDENTITY_CHANNELS as readonly string[]).includes(value)) return value as Channel;
  throw new UsageError(`${command}: unknown ${what} "${value}" (channels: ${IDENTITY_CHANNELS.join(", ")})`);
}

/** A tracking code as people type it ("TB-0042", "tb42", "42"); a usage error otherwise. */
export function parseCode(command: string, value: string): number {
  const n = parseTrackingCode(value);
  if (n === null) throw new UsageError(`${command}: "${value}" is not a tracking code (e.g. TB-0042)`);
  return n;
}

const DURATION_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "0", "90s", "15m", "2h", "1d", "500ms" → milliseconds. */
export function parseDuration(command: string, option: string, value: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m || (m[2] === undefined && m[1] !== "0")) {
    throw new UsageError(`${command}: --${option} must be a duration such as 30s, 15m, 2h or 1d (got "${value}")`);
  }
  return Number(m[1]) * DURATION_MS[(m[2] ?? "ms") as keyof typeof DURATION_MS];
}

/** Writes text, a line at a time, on stdout. */
export function print(io: Io, text = ""): void {
  io.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

/** Machine-readable output: dates as ISO strings, the audit log's bigint ids as strings. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
}

/**
 * A plain-text table: a header, a rule, then one row per line. Column widths count code points
 * after NFC, so Vietnamese names line up in a terminal.
 */
export function table(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>,
): string {
  const cells = rows.map((r) => headers.map((_, i) => (r[i] ?? "").normalize("NFC").replace(/\s+/g, " ")));
  const width = (s: string) => [...s].length;
  const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i]!))));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - width(c))))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n") + "\n";
}

/** Label: value lines, aligned, skipping empty values. */
export function fields(pairs: ReadonlyArray<readonly [string, string | null | undefined]>): string {
  const shown = pairs.filter(([, v]) => v != null && v !== "");
  const w = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${(k + ":").padEnd(w + 1)} ${v}`).join("\n") + "\n";
}

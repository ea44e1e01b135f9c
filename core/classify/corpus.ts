/**
 * The labelled corpus (`core/classify/corpus/*.jsonl`): one message per line with its kind,
 * field, channel and, for urgent ones, `"priority": "high"`. Written for Bantin: messages as
 * citizens and collaborators write them on Zalo, Telegram and e-mail.
 *
 * The split is fixed by position: within each file, every fifth line (the 3rd, 8th, 13th…) is
 * held out for testing. Appending lines never moves an existing message from one side to the other.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FIELD_CODES, KINDS, PRIORITIES, type Kind, type Priority, type SeedFieldCode } from "../domain.ts";

export interface LabeledMessage {
  /** `file:line`, stable while lines are only appended. */
  id: string;
  text: string;
  subject?: string;
  channel: "telegram" | "zalo" | "email" | "web";
  kind: Kind;
  field: SeedFieldCode;
  priority: Priority;
  split: "train" | "test";
}

export const CORPUS_DIR = path.resolve(import.meta.dirname, "corpus");

/** Lines of each file whose position modulo 5 equals this go to the test split. */
const TEST_POSITION = 2;

/** Parses one corpus file; throws on the first malformed line, naming it. */
export function parseCorpusFile(name: string, content: string): LabeledMessage[] {
  const out: LabeledMessage[] = [];
  content.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${name}:${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${where}: not JSON (${(e as Error).message})`, { cause: e });
    }
    const { text, subject, channel, kind, field, priority } = row;
    if (typeof text !== "string" || text.trim() === "") throw new Error(`${where}: "text" missing`);
    if (!KINDS.includes(kind as Kind)) throw new Error(`${where}: unknown kind ${String(kind)}`);
    if (!FIELD_CODES.includes(field as SeedFieldCode)) throw new Error(`${where}: unknown field ${String(field)}`);
    if (!["telegram", "zalo", "email", "web"].includes(channel as string))
      throw new Error(`${where}: unknown channel ${String(channel)}`);
    if (priority !== undefined && !PRIORITIES.includes(priority as Priority))
      throw new Error(`${where}: unknown priority ${String(priority)}`);
    if (subject !== undefined && typeof subject !== "string") throw new Error(`${where}: "subject" is not a string`);
    out.push({
      id: where,
      text,
      ...(subject !== undefined && { subject }),
      channel: channel as LabeledMessage["channel"],
      kind: kind as Kind,
      field: field as SeedFieldCode,
      priority: (priority as Priority | undefined) ?? "normal",
      split: out.length % 5 === TEST_POSITION ? "test" : "train",
    });
  });
  return out;
}

/** Every corpus file, in name order, each message once (a repeated text keeps its first labels). */
export function loadCorpus(dir = CORPUS_DIR): LabeledMessage[] {
  const seen = new Set<string>();
  const all: LabeledMessage[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()) {
    for (const m of parseCorpusFile(name, readFileSync(path.join(dir, name), "utf8"))) {
      const key = m.text.normalize("NFC").trim();
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(m);
    }
  }
  return all;
}

/**
 * `bantin classify`: the rule-based classifier as a filter, JSON lines in, JSON lines out, for
 * trying out the lexicon and scoring it on labelled files. Needs no configuration, database or Redis.
 */
import { createInterface } from "node:readline";
import type { Classifier } from "../../core/classify/types.ts";
import { parseCommand, type Io } from "./args.ts";

/** Runs `classify`: streams stdin to stdout a line at a time. */
export async function classify(argv: string[], io: Io): Promise<number> {
  parseCommand("classify", argv, { options: {} });
  // Imported here so the other commands never load the lexicon, and this one never loads Prisma.
  const { createRuleClassifier } = await import("../../core/classify/index.ts");
  const classifier: Classifier = createRuleClassifier();
  let failed = false;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const result = classifyLine(classifier, line);
    if ("error" in result) failed = true;
    await write(io.stdout, JSON.stringify(result) + "\n");
  }
  return failed ? 1 : 0;
}

type LineResult = { kind: string; field: string; confidence: number } | { error: string };

function classifyLine(classifier: Classifier, line: string): LineResult {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { error: "not a JSON object" };
  const { text, subject } = input as { text?: unknown; subject?: unknown };
  if (typeof text !== "string") return { error: 'missing "text" string' };
  if (subject !== undefined && subject !== null && typeof subject !== "string")
    return { error: '"subject" is not a string' };
  try {
    const c = classifier.classify({ text, ...(typeof subject === "string" && { subject }) });
    return { kind: c.kind, field: c.field, confidence: c.confidence };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Writes one line and waits when the reader is slower (a pipe's buffer is full). */
function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(chunk, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else out.once("drain", () => resolve());
  });
}

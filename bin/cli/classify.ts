/**
 * `bantin classify`: the classifier as a filter, JSON lines in, JSON lines out, in order, for
 * trying it out and scoring it on labelled files. Needs no configuration, database or Redis.
 * `--explain` adds priority, both confidences and the reasons; `--rules` uses the phrase rules alone.
 */
import { createInterface } from "node:readline";
import type { Classification, Classifier } from "../../core/classify/types.ts";
import { parseCommand, type Io } from "./args.ts";

/** Runs `classify`: streams stdin to stdout a line at a time. */
export async function classify(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand("classify", argv, {
    options: { explain: { type: "boolean" }, rules: { type: "boolean" } },
  });
  // Imported here so the other commands never load the model, and this one never loads Prisma.
  const { createClassifier, createRuleClassifier } = await import("../../core/classify/index.ts");
  const classifier: Classifier = values.rules ? createRuleClassifier() : createClassifier();
  const explain = values.explain === true;
  let failed = false;
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const result = classifyLine(classifier, line, explain);
    if ("error" in result) failed = true;
    await write(io.stdout, JSON.stringify(result) + "\n");
  }
  return failed ? 1 : 0;
}

type LineResult =
  | { kind: string; field: string; confidence: number }
  | (Pick<
      Classification,
      "kind" | "field" | "confidence" | "priority" | "kindConfidence" | "fieldConfidence" | "reasons"
    > & {
      classifier: string;
    })
  | { error: string };

function classifyLine(classifier: Classifier, line: string, explain: boolean): LineResult {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { error: "not a JSON object" };
  const { text, subject, senderRoles } = input as { text?: unknown; subject?: unknown; senderRoles?: unknown };
  if (typeof text !== "string") return { error: 'missing "text" string' };
  if (subject !== undefined && subject !== null && typeof subject !== "string")
    return { error: '"subject" is not a string' };
  if (senderRoles !== undefined && !(Array.isArray(senderRoles) && senderRoles.every((r) => typeof r === "string")))
    return { error: '"senderRoles" is not a list of strings' };
  try {
    const c = classifier.classify({
      text,
      ...(typeof subject === "string" && { subject }),
      ...(senderRoles !== undefined && { senderRoles: senderRoles as string[] }),
    });
    if (!explain) return { kind: c.kind, field: c.field, confidence: c.confidence };
    return {
      kind: c.kind,
      field: c.field,
      confidence: c.confidence,
      priority: c.priority,
      kindConfidence: c.kindConfidence,
      fieldConfidence: c.fieldConfidence,
      reasons: c.reasons,
      classifier: classifier.name,
    };
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

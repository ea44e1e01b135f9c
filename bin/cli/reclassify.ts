/**
 * `bantin reclassify`: an operator corrects an item's kind and/or field; the correction is stored
 * (audit log) with the item's text. `--export` prints every correction as a corpus line, to append
 * to a file in core/classify/corpus/ before `npm run train:classifier`.
 */
import { correctClassification, correctionsAsCorpus } from "../../core/classify/correct.ts";
import type { Kind } from "../../core/domain.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { parseCode, parseCommand, print, UsageError, type Io, OPERATOR } from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `reclassify <tracking code> [--kind K] [--field F]` or `reclassify --export`. */
export async function reclassify(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "reclassify";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { kind: { type: "string" }, field: { type: "string" }, export: { type: "boolean" } },
    optional: 1,
  });
  if (values.export) {
    if (positionals.length > 0 || values.kind || values.field)
      throw new UsageError(`${cmd}: --export takes no tracking code, --kind or --field`);
    const s = await session();
    for (const line of await correctionsAsCorpus(s.db)) print(io, line);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`${cmd}: missing argument <tracking code>`);
  if (!values.kind && !values.field) throw new UsageError(`${cmd}: give --kind, --field or both`);
  const n = parseCode(cmd, positionals[0]!);
  const s = await session();
  const r = await correctClassification(
    s.db,
    {
      trackingNumber: n,
      ...(values.kind && { kind: values.kind as Kind }),
      ...(values.field && { field: values.field }),
    },
    OPERATOR,
  );
  print(
    io,
    `${formatTrackingCode(n)}: ${r.from.kind ?? "?"}/${r.from.field ?? "?"} → ${r.to.kind ?? "?"}/${r.to.field ?? "?"} (correction kept for the corpus)`,
  );
  return 0;
}

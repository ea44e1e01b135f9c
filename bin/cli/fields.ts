/**
 * `bantin fields …`: the field taxonomy (lĩnh vực) members and responders are assigned to.
 */
import { addField, listFields } from "../../core/fields.ts";
import { parseCommand, print, printJson, table, UsageError, type Io, OPERATOR } from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `fields <sub> …`. */
export async function fieldsCommand(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "list": {
      const { values } = parseCommand("fields list", rest, { options: { json: { type: "boolean" } } });
      const s = await session();
      const rows = await listFields(s.db);
      if (values.json) printJson(io, rows);
      else
        print(
          io,
          table(
            ["code", "name", "description"],
            rows.map((f) => [f.code, f.name, f.description]),
          ),
        );
      return 0;
    }
    case "add": {
      const { values, positionals } = parseCommand("fields add", rest, {
        options: { description: { type: "string" } },
        positionals: ["code", "name"],
      });
      const s = await session();
      const f = await addField(
        s.db,
        { code: positionals[0]!, name: positionals[1]!, description: values.description ?? null },
        OPERATOR,
      );
      print(io, `Added field ${f.code} (${f.name}).`);
      return 0;
    }
    case undefined:
      throw new UsageError("fields: missing subcommand (list, add)");
    default:
      throw new UsageError(`fields: unknown subcommand "${sub}" (list, add)`);
  }
}

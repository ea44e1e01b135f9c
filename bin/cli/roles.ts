/**
 * `bantin roles …`: grant and revoke roles. History is kept: a revoked role stays on record with
 * who revoked it and when (`bantin people show`).
 */
import { PermanentError } from "../../core/errors.ts";
import { grantRole, revokeRole } from "../../core/people/people.ts";
import { parseCommand, parseRole, print, UsageError, type Io, OPERATOR } from "./args.ts";
import { personOrFail } from "./people.ts";
import type { Session } from "./session.ts";

/** Runs `roles <sub> …`. */
export async function roles(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "grant":
      return grant(rest, io, session);
    case "revoke":
      return revoke(rest, io, session);
    case undefined:
      throw new UsageError("roles: missing subcommand (grant, revoke)");
    default:
      throw new UsageError(`roles: unknown subcommand "${sub}" (grant, revoke)`);
  }
}

async function grant(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "roles grant";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { field: { type: "string" }, unit: { type: "string" }, note: { type: "string" } },
    positionals: ["person", "role"],
  });
  const role = parseRole(cmd, positionals[1]!);
  // Core refuses this too; saying so before touching the database makes it a usage error.
  if ((role === "member" || role === "responder") && !values.field) {
    throw new UsageError(`${cmd}: the ${role} role needs --field <code> (see bantin fields list)`);
  }
  const s = await session();
  const person = await personOrFail(s.db, positionals[0]!);
  await grantRole(
    s.db,
    {
      personId: person.id,
      role,
      fieldCode: values.field ?? null,
      unit: values.unit ?? null,
      note: values.note ?? null,
    },
    OPERATOR,
  );
  print(io, `Granted ${role}${values.field ? ` (${values.field})` : ""} to ${person.fullName ?? person.id}.`);
  return 0;
}

async function revoke(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "roles revoke";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { field: { type: "string" } },
    positionals: ["person", "role"],
  });
  const role = parseRole(cmd, positionals[1]!);
  const s = await session();
  const person = await personOrFail(s.db, positionals[0]!);
  const n = await revokeRole(s.db, { personId: person.id, role, fieldCode: values.field ?? null }, OPERATOR);
  const what = `${role}${values.field ? ` (${values.field})` : ""}`;
  if (n === 0) throw new PermanentError(`${person.fullName ?? person.id} holds no active ${what} role`);
  print(io, `Revoked ${what} from ${person.fullName ?? person.id}${n > 1 ? ` (${n} fields)` : ""}.`);
  return 0;
}

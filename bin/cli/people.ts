/**
 * `bantin people …`: add people, link their channel identities, list and show them, revoke access.
 */
import { audit } from "../../core/audit.ts";
import type { Db } from "../../core/db.ts";
import { PermanentError } from "../../core/errors.ts";
import { formatDateTime } from "../../core/messages/vi.ts";
import {
  addPerson,
  findPerson,
  linkIdentity,
  listPeople,
  revokePerson,
  type PersonInput,
} from "../../core/people/people.ts";
import type { Channel } from "../../core/domain.ts";
import type { TelegramConfig } from "../../core/config.ts";
import { createInvite } from "../../core/people/registration.ts";
import { createTelegramApi } from "../../bots/telegram/bot-api.ts";
import {
  fields,
  parseChannel,
  parseCommand,
  parseRole,
  print,
  printJson,
  table,
  UsageError,
  type Io,
  OPERATOR,
} from "./args.ts";
import type { Session } from "./session.ts";

/** Runs `people <sub> …`. */
export async function people(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "add":
      return add(rest, io, session);
    case "list":
      return list(rest, io, session);
    case "show":
      return show(rest, io, session);
    case "link":
      return link(rest, io, session);
    case "revoke":
      return revoke(rest, io, session);
    case "invite":
      return invite(rest, io, session);
    case undefined:
      throw new UsageError("people: missing subcommand (add, list, show, link, invite, revoke)");
    default:
      throw new UsageError(`people: unknown subcommand "${sub}" (add, list, show, link, invite, revoke)`);
  }
}

/** The person an operator names, or a PermanentError saying no one matches. */
export async function personOrFail(db: Db, ref: string) {
  const p = await findPerson(db, ref);
  if (!p) throw new PermanentError(`no person matches "${ref}" (give an id, phone, e-mail or channel:id)`);
  return p;
}

const nameOf = (p: { fullName: string | null; id: string }) => p.fullName ?? `(no name) ${p.id}`;

async function add(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people add";
  const { values } = parseCommand(cmd, argv, {
    options: {
      name: { type: "string" },
      phone: { type: "string" },
      email: { type: "string" },
      workplace: { type: "string" },
      title: { type: "string" },
      address: { type: "string" },
      telegram: { type: "string" },
      zalo: { type: "string" },
      "review-channel": { type: "string" },
    },
  });
  if (!values.name) throw new UsageError(`${cmd}: missing option --name <full name>`);
  const reviewChannel = values["review-channel"] ? parseChannel(cmd, values["review-channel"], "review channel") : null;
  const identities: Array<{ channel: Channel; externalId: string }> = [];
  if (values.telegram) identities.push({ channel: "telegram", externalId: values.telegram });
  if (values.zalo) identities.push({ channel: "zalo", externalId: values.zalo });
  const input: PersonInput = {
    fullName: values.name,
    phone: values.phone ?? null,
    email: values.email ?? null,
    workplace: values.workplace ?? null,
    title: values.title ?? null,
    address: values.address ?? null,
    reviewChannel,
    identities,
  };
  const s = await session();
  const person = await addPerson(s.db, input, OPERATOR);
  print(io, person.id);
  return 0;
}

async function list(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people list";
  const { values } = parseCommand(cmd, argv, {
    options: { role: { type: "string" }, all: { type: "boolean" }, json: { type: "boolean" } },
  });
  const role = values.role ? parseRole(cmd, values.role) : undefined;
  const s = await session();
  const rows = await listPeople(s.db, { ...(role && { role }), includeRevoked: values.all ?? false });
  if (values.json) {
    printJson(io, rows);
    return 0;
  }
  if (rows.length === 0) {
    print(io, role ? `No one holds the ${role} role.` : "No people yet. Add one with: bantin people add --name …");
    return 0;
  }
  print(
    io,
    table(
      ["id", "name", "phone", "identities", "roles", ...(values.all ? ["revoked"] : [])],
      rows.map((p) => [
        p.id,
        p.fullName,
        p.phone,
        p.identities.map((i) => `${i.channel}:${i.externalId}`).join(", "),
        p.roles.map((r) => (r.field ? `${r.role}/${r.field.code}` : r.role)).join(", "),
        ...(values.all ? [p.revokedAt ? formatDateTime(p.revokedAt, s.config.timeZone) : ""] : []),
      ]),
    ),
  );
  return 0;
}

async function show(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people show";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { json: { type: "boolean" } },
    positionals: ["person"],
  });
  const s = await session();
  const found = await personOrFail(s.db, positionals[0]!);
  const person = await s.db.person.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      identities: { orderBy: { createdAt: "asc" } },
      roles: {
        include: { field: true, grantedBy: true, revokedBy: true },
        orderBy: { grantedAt: "asc" },
      },
    },
  });
  if (values.json) {
    printJson(io, person);
    return 0;
  }
  const at = (d: Date) => formatDateTime(d, s.config.timeZone);
  // A null actor is the operator at the command line (or the system); core records no person for it.
  const by = (p: { fullName: string | null; id: string } | null) => (p ? nameOf(p) : "operator");
  const active = person.roles.filter((r) => !r.revokedAt);
  const revoked = person.roles.filter((r) => r.revokedAt);
  let out = fields([
    ["id", person.id],
    ["name", person.fullName],
    ["workplace", person.workplace],
    ["title", person.title],
    ["phone", person.phone],
    ["email", person.email],
    ["address", person.address],
    ["review channel", person.reviewChannel],
    ["added", at(person.createdAt)],
    ["access revoked", person.revokedAt ? at(person.revokedAt) : null],
  ]);
  out += "\nIdentities\n";
  out += person.identities.length
    ? table(
        ["channel", "external id", "display name", "last seen"],
        person.identities.map((i) => [i.channel, i.externalId, i.displayName, i.lastSeenAt ? at(i.lastSeenAt) : ""]),
      )
    : "  (none)\n";
  out += "\nActive roles\n";
  out += active.length
    ? table(
        ["role", "field", "unit", "granted", "granted by", "note"],
        active.map((r) => [r.role, r.field?.code, r.unit, at(r.grantedAt), by(r.grantedBy), r.note]),
      )
    : "  (none)\n";
  out += "\nRevoked roles\n";
  out += revoked.length
    ? table(
        ["role", "field", "unit", "granted", "granted by", "revoked", "revoked by"],
        revoked.map((r) => [
          r.role,
          r.field?.code,
          r.unit,
          at(r.grantedAt),
          by(r.grantedBy),
          at(r.revokedAt!),
          by(r.revokedBy),
        ]),
      )
    : "  (none)\n";
  print(io, out);
  return 0;
}

async function link(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people link";
  const { positionals } = parseCommand(cmd, argv, { options: {}, positionals: ["person", "channel:external id"] });
  const spec = positionals[1]!;
  const colon = spec.indexOf(":");
  if (colon <= 0 || colon === spec.length - 1) {
    throw new UsageError(`${cmd}: "${spec}" is not <channel>:<external id> (e.g. zalo:8452196307425)`);
  }
  const channel = parseChannel(cmd, spec.slice(0, colon));
  const externalId = spec.slice(colon + 1);
  const s = await session();
  const person = await personOrFail(s.db, positionals[0]!);
  const identity = await s.db.$transaction(async (tx) => {
    const before = await tx.identity.count({ where: { personId: person.id } });
    const i = await linkIdentity(tx, person.id, { channel, externalId });
    if ((await tx.identity.count({ where: { personId: person.id } })) > before) {
      await audit(tx, {
        actorId: OPERATOR.personId,
        via: OPERATOR.via,
        action: "identity.linked",
        data: { personId: person.id, channel, externalId: i.externalId },
      });
    }
    return i;
  });
  print(io, `Linked ${identity.channel}:${identity.externalId} to ${nameOf(person)}.`);
  return 0;
}

async function invite(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people invite";
  const { values, positionals } = parseCommand(cmd, argv, {
    options: { days: { type: "string" } },
    positionals: ["person"],
  });
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new UsageError(`${cmd}: --days must be 1 to 90`);
  const s = await session();
  const person = await personOrFail(s.db, positionals[0]!);
  if (person.revokedAt) throw new PermanentError(`${nameOf(person)} has been revoked`);
  const { code, expiresAt } = await createInvite(s.db, person.id, days, OPERATOR);
  print(io, `Invitation for ${nameOf(person)}, valid until ${formatDateTime(expiresAt, s.config.timeZone)}:`);
  const bot = s.config.channels.telegram ? await telegramUsername(s.config.channels.telegram).catch(() => null) : null;
  if (bot) print(io, `  Telegram: https://t.me/${bot}?start=${code}`);
  else print(io, `  Telegram: https://t.me/<bot username>?start=${code}`);
  print(io, `  Code: ${code} (the person sends "/start ${code}" to the bot)`);
  return 0;
}

/** The bot's username, asked of Telegram (getMe). */
async function telegramUsername(config: TelegramConfig): Promise<string> {
  const me = await createTelegramApi({ token: config.botToken, apiRoot: config.apiRoot }).getMe();
  return me.username;
}

async function revoke(argv: string[], io: Io, session: () => Promise<Session>): Promise<number> {
  const cmd = "people revoke";
  const { positionals } = parseCommand(cmd, argv, { options: {}, positionals: ["person"] });
  const s = await session();
  const person = await personOrFail(s.db, positionals[0]!);
  if (person.revokedAt) {
    print(
      io,
      `${nameOf(person)}'s access was already revoked at ${formatDateTime(person.revokedAt, s.config.timeZone)}.`,
    );
    return 0;
  }
  const roles = await s.db.roleMembership.count({ where: { personId: person.id, revokedAt: null } });
  await revokePerson(s.db, person.id, OPERATOR);
  print(io, `Revoked ${nameOf(person)}'s access and ${roles} role${roles === 1 ? "" : "s"}.`);
  return 0;
}

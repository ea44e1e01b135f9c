/**
 * People, their identities on channels, and the roles they hold. Roles are granted and revoked
 * with who and when; nothing here deletes a row.
 */
import { randomUUID } from "node:crypto";
import { audit } from "../audit.ts";
import type { Db, Tx } from "../db.ts";
import { PermanentError } from "../errors.ts";
import type { Channel, Role } from "../domain.ts";
import { normalizeText } from "../text.ts";

export interface PersonInput {
  fullName?: string | null;
  workplace?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  reviewChannel?: Channel | null;
  identities?: ReadonlyArray<{
    channel: Channel;
    externalId: string;
    displayName?: string | null;
    chatId?: string | null;
  }>;
}

/** Who did something, for the audit log. */
export interface Actor {
  personId?: string | null;
  via: string;
}

const clean = (s: string | null | undefined) => {
  if (s == null) return null;
  const t = normalizeText(s).trim();
  return t === "" ? null : t;
};

/** Canonical external ids: e-mail addresses compare case-insensitively. */
export function canonicalExternalId(channel: Channel, externalId: string): string {
  const t = externalId.normalize("NFC").trim();
  return channel === "email" ? t.toLowerCase() : t;
}

/** Vietnamese phone numbers in one spelling: "+84 912 345 678" and "0912345678" → "0912345678". */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits.startsWith("+84")) return "0" + digits.slice(3);
  if (digits.startsWith("84") && digits.length === 11) return "0" + digits.slice(2);
  return digits;
}

/** Adds a person with their identities, in one transaction. */
export async function addPerson(db: Db, input: PersonInput, actor: Actor) {
  return db.$transaction(async (tx) => {
    const person = await tx.person.create({
      data: {
        fullName: clean(input.fullName),
        workplace: clean(input.workplace),
        title: clean(input.title),
        phone: input.phone ? normalizePhone(input.phone) : null,
        email: input.email ? input.email.trim().toLowerCase() : null,
        address: clean(input.address),
        reviewChannel: input.reviewChannel ?? null,
      },
    });
    for (const id of input.identities ?? []) await linkIdentity(tx, person.id, id);
    if (person.email && !(input.identities ?? []).some((i) => i.channel === "email")) {
      await linkIdentity(tx, person.id, { channel: "email", externalId: person.email });
    }
    await audit(tx, { actorId: actor.personId, via: actor.via, action: "person.added", data: { personId: person.id } });
    return person;
  });
}

/** Links a channel identity to a person; refuses one that already belongs to someone else. */
export async function linkIdentity(
  tx: Tx,
  personId: string,
  id: { channel: Channel; externalId: string; displayName?: string | null; chatId?: string | null },
) {
  const externalId = canonicalExternalId(id.channel, id.externalId);
  const existing = await tx.identity.findUnique({ where: { channel_externalId: { channel: id.channel, externalId } } });
  if (existing && existing.personId !== personId) {
    throw new PermanentError(`identity ${id.channel}:${externalId} already belongs to another person`);
  }
  if (existing) return existing;
  return tx.identity.create({
    data: { personId, channel: id.channel, externalId, displayName: clean(id.displayName), chatId: id.chatId ?? null },
  });
}

/** Seen-at timestamps are refreshed at most this often: one write per message would be waste. */
const SEEN_REFRESH_MS = 3_600_000;

/**
 * Finds the person behind a channel identity, creating an unknown sender on first contact.
 * Runs inside the intake transaction; returns the identity too, so the caller can answer on it.
 */
export async function resolveSender(
  tx: Tx,
  id: { channel: Channel; externalId: string; displayName?: string | null; chatId?: string | null },
  at = new Date(),
  /** The new person's full name; by default the channel's display name. */
  fullName: string | null = id.displayName ?? null,
) {
  const externalId = canonicalExternalId(id.channel, id.externalId);
  const found = await tx.identity.findUnique({ where: { channel_externalId: { channel: id.channel, externalId } } });
  if (found) {
    if (!found.lastSeenAt || at.getTime() - found.lastSeenAt.getTime() > SEEN_REFRESH_MS) {
      await tx.identity.update({ where: { id: found.id }, data: { lastSeenAt: at } });
    }
    return { personId: found.personId, identity: found };
  }
  const personId = randomUUID();
  await tx.person.create({
    data: { id: personId, fullName: clean(fullName), email: id.channel === "email" ? externalId : null },
  });
  const identity = await tx.identity.create({
    data: {
      personId,
      channel: id.channel,
      externalId,
      displayName: clean(id.displayName),
      chatId: id.chatId ?? null,
      lastSeenAt: at,
    },
  });
  return { personId, identity };
}

/** Roles a person holds now. */
export async function activeRoles(tx: Tx | Db, personId: string) {
  return tx.roleMembership.findMany({
    where: { personId, revokedAt: null, person: { revokedAt: null } },
    include: { field: true },
  });
}

export interface GrantInput {
  personId: string;
  role: Role;
  fieldCode?: string | null;
  unit?: string | null;
  note?: string | null;
}

/** Grants a role. Members and responders hold it per field; granting an active role again is refused. */
export async function grantRole(db: Db, input: GrantInput, actor: Actor) {
  if ((input.role === "member" || input.role === "responder") && !input.fieldCode) {
    throw new PermanentError(`the ${input.role} role needs a field`);
  }
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: input.personId } });
    if (!person) throw new PermanentError("no such person");
    if (person.revokedAt) throw new PermanentError("this person's access was revoked");
    let fieldId: string | null = null;
    if (input.fieldCode) {
      const field = await tx.field.findUnique({ where: { code: input.fieldCode } });
      if (!field) throw new PermanentError(`no field with code ${input.fieldCode}`);
      fieldId = field.id;
    }
    const dup = await tx.roleMembership.findFirst({
      where: { personId: input.personId, role: input.role, fieldId, revokedAt: null },
    });
    if (dup) throw new PermanentError("this role is already held");
    const m = await tx.roleMembership.create({
      data: {
        personId: input.personId,
        role: input.role,
        fieldId,
        unit: clean(input.unit),
        note: clean(input.note),
        grantedById: actor.personId ?? null,
      },
    });
    await audit(tx, {
      actorId: actor.personId,
      via: actor.via,
      action: "role.granted",
      data: { personId: input.personId, role: input.role, field: input.fieldCode ?? null, membershipId: m.id },
    });
    return m;
  });
}

/** Revokes the active memberships matching role (and field); returns how many. History is kept. */
export async function revokeRole(
  db: Db,
  input: { personId: string; role: Role; fieldCode?: string | null },
  actor: Actor,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const where = {
      personId: input.personId,
      role: input.role,
      revokedAt: null,
      ...(input.fieldCode ? { field: { code: input.fieldCode } } : {}),
    };
    const rows = await tx.roleMembership.findMany({ where });
    for (const r of rows) {
      await tx.roleMembership.update({
        where: { id: r.id },
        data: { revokedAt: new Date(), revokedById: actor.personId ?? null },
      });
    }
    if (rows.length > 0) {
      await audit(tx, {
        actorId: actor.personId,
        via: actor.via,
        action: "role.revoked",
        data: { personId: input.personId, role: input.role, field: input.fieldCode ?? null, count: rows.length },
      });
    }
    return rows.length;
  });
}

/** Revokes a person's access and every role; their past items keep their attribution. */
export async function revokePerson(db: Db, personId: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const at = new Date();
    const p = await tx.person.update({ where: { id: personId }, data: { revokedAt: at } });
    const { count } = await tx.roleMembership.updateMany({
      where: { personId, revokedAt: null },
      data: { revokedAt: at, revokedById: actor.personId ?? null },
    });
    await audit(tx, {
      actorId: actor.personId,
      via: actor.via,
      action: "person.revoked",
      data: { personId, roles: count },
    });
    return p;
  });
}

/**
 * Finds a person by what an operator types: a uuid, a phone number, an e-mail address, or
 * `channel:externalId` (e.g. `telegram:123456`).
 */
export async function findPerson(db: Db | Tx, ref: string) {
  const r = ref.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(r)) {
    return db.person.findUnique({ where: { id: r.toLowerCase() } });
  }
  const m = /^(telegram|zalo|email|web):(.+)$/.exec(r);
  if (m) {
    const channel = m[1] as Channel;
    const id = await db.identity.findUnique({
      where: { channel_externalId: { channel, externalId: canonicalExternalId(channel, m[2]!) } },
      include: { person: true },
    });
    return id?.person ?? null;
  }
  if (r.includes("@")) {
    const email = r.toLowerCase();
    const byIdentity = await db.identity.findUnique({
      where: { channel_externalId: { channel: "email", externalId: email } },
      include: { person: true },
    });
    return byIdentity?.person ?? (await db.person.findFirst({ where: { email } }));
  }
  if (/^[+\d][\d\s.-]{5,}$/.test(r)) return db.person.findFirst({ where: { phone: normalizePhone(r) } });
  return null;
}

/** People with their identities and active roles, optionally only those holding a role. */
export async function listPeople(db: Db, filter: { role?: Role; includeRevoked?: boolean } = {}) {
  return db.person.findMany({
    where: {
      ...(filter.includeRevoked ? {} : { revokedAt: null }),
      ...(filter.role ? { roles: { some: { role: filter.role, revokedAt: null } } } : {}),
    },
    include: { identities: true, roles: { where: { revokedAt: null }, include: { field: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** True once anyone holds a board role: the first start prints how to add one otherwise. */
export async function hasBoard(db: Db): Promise<boolean> {
  const n = await db.roleMembership.count({
    where: { revokedAt: null, role: { in: ["head", "deputy", "member", "secretariat"] } },
  });
  return n > 0;
}

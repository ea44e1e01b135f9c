/**
 * The sender's identity, as the regulations require it (000 Điều 6.1a): a full name, for a
 * collaborator also the workplace and title, and a way to reach them (phone, e-mail or address).
 * Channels collect what is missing in the chat itself, once, before the first item is accepted;
 * the person can correct it later. A collaborator the operator registered is recognised by an
 * invitation code or by the phone number they share.
 */
import { randomBytes } from "node:crypto";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { Channel } from "../domain.ts";
import { PermanentError } from "../errors.ts";
import { normalizeText } from "../text.ts";
import { canonicalExternalId, normalizePhone, resolveSender, type Actor } from "./people.ts";

/** What a channel may have to ask for, in the order it asks. */
export type Detail = "fullName" | "workplace" | "title" | "contact";

export interface SenderProfile {
  personId: string;
  fullName: string | null;
  workplace: string | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  /** Holds the collaborator role now: workplace and title are required too. */
  collaborator: boolean;
  /** Holds any role now (registered by the operator). */
  registered: boolean;
}

export interface DetailsPatch {
  fullName?: string | null;
  workplace?: string | null;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

/** What is still missing before this person's items can be accepted. */
export function missingDetails(p: SenderProfile): Detail[] {
  const missing: Detail[] = [];
  if (!p.fullName || !isFullName(p.fullName)) missing.push("fullName");
  if (p.collaborator && !p.workplace) missing.push("workplace");
  if (p.collaborator && !p.title) missing.push("title");
  if (!p.phone && !p.email && !p.address) missing.push("contact");
  return missing;
}

/** A full name has at least two words ("Nguyễn Văn An"), not a nickname ("An", "Bé Na 🌸" aside). */
export function isFullName(name: string): boolean {
  const words = normalizeText(name)
    .trim()
    .split(/\s+/u)
    .filter((w) => /\p{L}/u.test(w));
  return words.length >= 2 && words.length <= 8 && name.length <= 100;
}

/** A Vietnamese phone number as people type it: 10 digits starting with 0 (after normalising +84). */
export function isPhoneNumber(phone: string): boolean {
  return /^0\d{9}$/.test(normalizePhone(phone));
}

export async function loadProfile(db: Db, personId: string): Promise<SenderProfile> {
  const person = await db.person.findUniqueOrThrow({
    where: { id: personId },
    include: { roles: { where: { revokedAt: null }, select: { role: true } } },
  });
  return {
    personId: person.id,
    fullName: person.fullName,
    workplace: person.workplace,
    title: person.title,
    phone: person.phone,
    email: person.email,
    address: person.address,
    collaborator: person.roles.some((r) => r.role === "collaborator"),
    registered: person.roles.length > 0,
  };
}

const clean = (s: string | null | undefined) => {
  if (s === undefined) return undefined;
  if (s === null) return null;
  const t = normalizeText(s).trim().replace(/\s+/gu, " ");
  return t === "" ? null : t;
};

/**
 * The person behind a channel identity, created on first contact without a name: a display name
 * the sender chose on the channel is not the full name the regulations ask for.
 */
export async function ensureSender(
  db: Db,
  id: { channel: Channel; externalId: string; displayName?: string | null; chatId?: string | null },
): Promise<string> {
  const { personId } = await db.$transaction((tx) => resolveSender(tx, id, new Date(), null));
  return personId;
}

/** Saves what the person told, and logs it; fields not in the patch are left as they were. */
export async function saveDetails(db: Db, personId: string, patch: DetailsPatch, actor: Actor): Promise<SenderProfile> {
  const data = {
    fullName: clean(patch.fullName),
    workplace: clean(patch.workplace),
    title: clean(patch.title),
    phone: patch.phone === undefined ? undefined : patch.phone ? normalizePhone(patch.phone) : null,
    email: patch.email === undefined ? undefined : patch.email ? patch.email.trim().toLowerCase() : null,
    address: clean(patch.address),
  };
  if (data.phone && !isPhoneNumber(data.phone)) throw new PermanentError("not a Vietnamese phone number");
  await db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: personId }, data });
    await audit(tx, {
      actorId: actor.personId ?? personId,
      via: actor.via,
      action: "person.details",
      data: { personId, fields: Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined) },
    });
  });
  return loadProfile(db, personId);
}

/**
 * A phone number shared from the channel (Telegram's contact button, Zalo's user info). When a
 * registered person has this number and no identity on this channel yet, the identity moves to
 * them: the collaborator the operator registered is recognised. Otherwise the number is saved
 * on the sender's own record. Returns whose identity it is now.
 */
export async function claimByPhone(
  db: Db,
  identity: { channel: Channel; externalId: string },
  phone: string,
  actor: Pick<Actor, "via">,
): Promise<{ personId: string; matched: boolean }> {
  const number = normalizePhone(phone);
  if (!isPhoneNumber(number)) throw new PermanentError("not a Vietnamese phone number");
  const externalId = canonicalExternalId(identity.channel, identity.externalId);
  return db.$transaction(async (tx) => {
    const own = await tx.identity.findUniqueOrThrow({
      where: { channel_externalId: { channel: identity.channel, externalId } },
    });
    const registered = await tx.person.findMany({
      where: {
        phone: number,
        revokedAt: null,
        id: { not: own.personId },
        roles: { some: { revokedAt: null } },
        identities: { none: { channel: identity.channel } },
      },
      take: 2,
    });
    // Two registered people with one number: ambiguous, the operator must link by invitation.
    if (registered.length === 1) {
      const target = registered[0]!;
      await tx.identity.update({ where: { id: own.id }, data: { personId: target.id } });
      await audit(tx, {
        actorId: target.id,
        via: actor.via,
        action: "identity.claimed",
        data: { channel: identity.channel, from: own.personId, to: target.id, by: "phone" },
      });
      return { personId: target.id, matched: true };
    }
    await tx.person.update({ where: { id: own.personId }, data: { phone: number } });
    await audit(tx, {
      actorId: own.personId,
      via: actor.via,
      action: "person.details",
      data: { personId: own.personId, fields: ["phone"] },
    });
    return { personId: own.personId, matched: false };
  });
}

/** Invitation codes: URL-safe, unguessable, short enough for a `t.me/<bot>?start=<code>` link. */
export function newInviteCode(): string {
  return randomBytes(12).toString("base64url");
}

/** Creates an invitation for a registered person to link a channel identity. */
export async function createInvite(db: Db, personId: string, validDays: number, actor: Actor) {
  const code = newInviteCode();
  const expiresAt = new Date(Date.now() + validDays * 86_400_000);
  await db.$transaction(async (tx) => {
    await tx.invite.create({ data: { code, personId, expiresAt } });
    await audit(tx, { actorId: actor.personId, via: actor.via, action: "invite.created", data: { personId } });
  });
  return { code, expiresAt };
}

export type InviteOutcome =
  | { ok: true; personId: string; fullName: string | null }
  | { ok: false; reason: "unknown" | "expired" | "used" | "taken" };

/**
 * Redeems an invitation: the channel identity that used it becomes the invited person's. A code
 * works once; a code for a person who already has an identity on this channel is refused.
 */
export async function redeemInvite(
  db: Db,
  code: string,
  identity: { channel: Channel; externalId: string },
  actor: Pick<Actor, "via">,
  at = new Date(),
): Promise<InviteOutcome> {
  const externalId = canonicalExternalId(identity.channel, identity.externalId);
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({ where: { code }, include: { person: true } });
    if (!invite || invite.person.revokedAt) return { ok: false, reason: "unknown" } as const;
    const own = await tx.identity.findUniqueOrThrow({
      where: { channel_externalId: { channel: identity.channel, externalId } },
    });
    if (invite.usedAt) {
      // Pressing the link again from the same account is not an error.
      if (own.personId === invite.personId)
        return { ok: true, personId: invite.personId, fullName: invite.person.fullName };
      return { ok: false, reason: "used" } as const;
    }
    if (invite.expiresAt <= at) return { ok: false, reason: "expired" } as const;
    const other = await tx.identity.findFirst({
      where: { personId: invite.personId, channel: identity.channel, id: { not: own.id } },
    });
    if (other) return { ok: false, reason: "taken" } as const;
    const claimed = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: at } });
    if (claimed.count === 0) return { ok: false, reason: "used" } as const;
    await tx.identity.update({ where: { id: own.id }, data: { personId: invite.personId } });
    await audit(tx, {
      actorId: invite.personId,
      via: actor.via,
      action: "identity.claimed",
      data: { channel: identity.channel, from: own.personId, to: invite.personId, by: "invite" },
    });
    return { ok: true, personId: invite.personId, fullName: invite.person.fullName };
  });
}

/**
 * Collecting a sender's details in the chat (000 Điều 6.1a): Zalo's share-info form
 * (`user_submit_info`) or typed answers to one question at a time. A shared phone number links a
 * person the operator registered (`claimByPhone`); once nothing is missing, every message held
 * for the sender becomes an item (`acceptHeld`), each acknowledged by core.
 */
import type { CoreDeps } from "../../core/context.ts";
import { PermanentError } from "../../core/errors.ts";
import { acceptHeld } from "../../core/intake/hold.ts";
import type { Logger } from "../../core/logger.ts";
import { resolveSender } from "../../core/people/people.ts";
import {
  claimByPhone,
  isFullName,
  isPhoneNumber,
  loadProfile,
  missingDetails,
  saveDetails,
  type Detail,
  type DetailsPatch,
} from "../../core/people/registration.ts";
import type { ZaloApi } from "./api.ts";
import { sharedInfo, userOf, type ZaloEventBody } from "./events.ts";
import { zaloMessages as M } from "./messages.ts";
import type { Replies } from "./replies.ts";

/** The detail a user was last asked for, so a typed answer is read as that detail. */
const askKey = (userId: string) => `ask:${userId}`;

export type Details = ReturnType<typeof createDetails>;

export function createDetails(d: { core: CoreDeps; api: Pick<ZaloApi, "userDetail">; log: Logger; replies: Replies }) {
  const { core } = d;
  const db = core.db;
  const { say, requestInfo } = d.replies;

  async function setAsked(userId: string, detail: Detail | null) {
    const where = { channel_key: { channel: "zalo" as const, key: askKey(userId) } };
    if (!detail) return void (await db.channelState.deleteMany({ where: { channel: "zalo", key: askKey(userId) } }));
    await db.channelState.upsert({
      where,
      create: { channel: "zalo", key: askKey(userId), value: { detail } },
      update: { value: { detail } },
    });
  }
  async function asked(userId: string): Promise<Detail | null> {
    const s = await db.channelState.findUnique({ where: { channel_key: { channel: "zalo", key: askKey(userId) } } });
    return ((s?.value as { detail?: Detail } | null)?.detail ?? null) as Detail | null;
  }

  /** Asks for what is missing: the share-info form for name and contact, then a question in words. */
  async function askFor(userId: string, missing: Detail[], withForm: boolean) {
    const first = missing[0]!;
    if (withForm && (missing.includes("fullName") || missing.includes("contact"))) await requestInfo(userId);
    await say(userId, M.askDetail(first));
    await setAsked(userId, first);
  }

  /** The sender's details changed: ask for the next one, or accept what was held. */
  async function afterDetails(userId: string, linked: { matched: boolean; personId: string } | null) {
    const identity = await db.identity.findUniqueOrThrow({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
    });
    const profile = await loadProfile(db, identity.personId);
    if (linked?.matched) await say(userId, M.linked({ name: profile.fullName }));
    const missing = missingDetails(profile);
    if (missing.length > 0) return askFor(userId, missing, false);
    await setAsked(userId, null);
    // Each held message becomes an item; core acknowledges each with its tracking code.
    const accepted = await acceptHeld(core, "zalo", userId);
    if (accepted.length === 0 && !linked?.matched) await say(userId, M.detailsSaved());
  }

  async function ensureIdentity(userId: string, at: Date) {
    const found = await db.identity.findUnique({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
    });
    if (found) return found;
    const displayName = await displayNameOf(userId);
    return db.$transaction(
      async (tx) => (await resolveSender(tx, { channel: "zalo", externalId: userId, displayName }, at)).identity,
    );
  }

  async function displayNameOf(userId: string): Promise<string | null> {
    const detail = await d.api.userDetail(userId).catch((e: unknown) => {
      d.log.debug({ err: e, userId }, "no Zalo user detail");
      return null;
    });
    return detail?.display_name?.trim() || null;
  }

  // -------------------------------------------------------------------------------------------
  // Details typed or shared.

  /** A typed answer to the detail asked for; false when the text is not one (it is then a message). */
  async function onDetailAnswer(userId: string, detail: Detail, text: string): Promise<boolean> {
    const identity = await db.identity.findUnique({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
    });
    if (!identity) return false;
    const actor = { personId: identity.personId, via: "zalo" };
    const short = text.length <= 200 && !text.includes("\n");
    let linked: { matched: boolean; personId: string } | null = null;
    switch (detail) {
      case "fullName":
        if (!isFullName(text)) return false;
        await saveDetails(db, identity.personId, { fullName: text }, actor);
        break;
      case "workplace":
      case "title":
        if (!short) return false;
        await saveDetails(db, identity.personId, { [detail]: text }, actor);
        break;
      case "contact":
        if (isPhoneNumber(text))
          linked = await claimByPhone(db, { channel: "zalo", externalId: userId }, text, { via: "zalo" });
        else if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text))
          await saveDetails(db, identity.personId, { email: text }, actor);
        else if (short && /\p{L}/u.test(text) && text.length >= 6)
          await saveDetails(db, identity.personId, { address: text }, actor);
        else return false;
        break;
    }
    await afterDetails(userId, linked);
    return true;
  }

  async function onSubmitInfo(e: ZaloEventBody, at: Date) {
    const userId = userOf(e)!;
    const identity = await ensureIdentity(userId, at);
    const info = sharedInfo(e);
    let linked: { matched: boolean; personId: string } | null = null;
    if (info.phone) {
      try {
        linked = await claimByPhone(db, { channel: "zalo", externalId: userId }, info.phone, { via: "zalo" });
      } catch (err) {
        if (!(err instanceof PermanentError)) throw err;
        d.log.info({ userId }, "shared phone is not a Vietnamese number");
      }
    }
    const personId = linked?.personId ?? identity.personId;
    const profile = await loadProfile(db, personId);
    // Shared info fills gaps; it never overwrites what the operator or the person gave.
    const patch: DetailsPatch = {};
    if (info.name && isFullName(info.name) && !(profile.fullName && isFullName(profile.fullName)))
      patch.fullName = info.name;
    if (info.address && !profile.address) patch.address = info.address;
    if (Object.keys(patch).length > 0) await saveDetails(db, personId, patch, { personId, via: "zalo" });
    await afterDetails(userId, linked);
  }

  return { ensureIdentity, displayNameOf, asked, askFor, afterDetails, onDetailAnswer, onSubmitInfo };
}

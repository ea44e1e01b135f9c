/**
 * Senders on Telegram (citizens and collaborators), in a private chat with the bot: commands, and
 * messages that become submissions — or amend one, when they reply to the bot's message about
 * an item of theirs. Core acknowledges with the tracking code; nothing is answered twice here.
 */
import { Composer, type Context } from "grammy";
import type { Message } from "grammy/types";
import { amendSubmission } from "../../../core/intake/amend.ts";
import { AttachmentTooLargeError, type StoredAttachment } from "../../../core/attachments/store.ts";
import { PermanentError } from "../../../core/errors.ts";
import { attachToSubmission } from "../../../core/intake/attach.ts";
import { holdPart, setAsideInbound } from "../../../core/intake/hold.ts";
import { receiveInbound, type InboundInput } from "../../../core/intake/receive.ts";
import { withdrawSubmission } from "../../../core/intake/withdraw.ts";
import { senderMessages } from "../../../core/messages/vi.ts";
import { findPerson } from "../../../core/people/people.ts";
import { resolveTarget } from "../../../core/review/decide.ts";
import type { TelegramBotDeps } from "../bot.ts";
import { downloadLimit, downloadToStore, fileOf, type MessageFile } from "../files.ts";
import { botMessages } from "../messages.ts";
import { recentSubmissions } from "../../../core/intake/status.ts";
import { commandOf, inboundExternalId, messageText, toInboundMessage } from "../to-inbound-message.ts";
import { admitSender } from "./register.ts";
import { trackingCodeIn } from "./review.ts";

const COMMANDS = ["start", "giupdo", "trangthai", "huy", "thongtin"];

/** Where the bot downloads files from: its token and the Bot API's address. */
export interface FileSource {
  token: string;
  apiRoot: string;
}

export function submitComposer(deps: TelegramBotDeps, source: FileSource): Composer<Context> {
  const { core } = deps;
  const c = new Composer<Context>();
  const inPrivate = c.chatType("private");

  inPrivate.command("giupdo", (ctx) => ctx.reply(botMessages.help()));
  inPrivate.command("trangthai", async (ctx) => {
    const lines = await recentSubmissions(
      core.db,
      { channel: "telegram", externalId: String(ctx.from.id) },
      { timeZone: core.settings.timeZone },
    );
    await ctx.reply(senderMessages.statusList(lines));
  });

  inPrivate.command("huy", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) return void (await ctx.reply(botMessages.withdrawUsage()));
    const person = await findPerson(core.db, `telegram:${ctx.from.id}`);
    const r = person
      ? await withdrawSubmission(core, { trackingCode: code, personId: person.id, via: "telegram" })
      : ({ outcome: "not_found" } as const);
    // A withdrawal is confirmed by core, through the sender, like every outcome.
    if (r.outcome === "not_found") await ctx.reply(botMessages.withdrawNotFound({ code }));
    if (r.outcome === "not_withdrawable") await ctx.reply(senderMessages.notWithdrawable(r));
  });

  inPrivate.on("message", async (ctx) => {
    const msg = ctx.msg;
    if (commandOf(msg)) return void (await ctx.reply(botMessages.unknownCommand()));
    if (!messageText(msg)) return void (await ctx.reply(botMessages.nothingToSend()));
    const input = toInboundMessage(msg, ctx.update);
    // The file comes first: an item is stored with its file, or set aside with the reason.
    const file = fileOf(msg);
    if (file) {
      const fetched = await fetchFile(deps, ctx, source, file);
      if ("refused" in fetched) {
        await setAsideInbound(core, input, fetched.refused);
        return void (await ctx.reply(fetched.answer));
      }
      if (fetched.typeMismatch)
        deps.log.warn(
          { update_id: ctx.update.update_id, declared: fetched.declaredType, contentType: fetched.contentType },
          "a file's declared type does not match its content; stored as its content shows",
        );
      const { sha256, size, contentType } = fetched;
      input.attachments = [{ sha256, size, contentType, originalName: file.name, externalRef: file.fileId }];
    }
    // The second and later photos of an album arrive as messages of their own: they join the first's item.
    if (msg.media_group_id && (await joinAlbum(deps, msg, input))) return;
    if (msg.media_group_id) input.settleMs = ALBUM_SETTLE_MS;
    const ownItem = await itemRepliedTo(deps, msg, ctx.me.id);
    if (ownItem) {
      const r = await amendSubmission(core, ownItem, input);
      // Someone else's item, or one that is gone: the message stands on its own.
      if (r.outcome !== "not_sender" && r.outcome !== "not_found") return;
    }
    const admitted = await admitSender(deps, ctx, input);
    if (admitted !== true) {
      if (msg.media_group_id) await rememberAlbum(deps, msg, { heldId: admitted.inboundMessageId });
      return;
    }
    const received = await receiveInbound(core, input);
    if (msg.media_group_id) await rememberAlbum(deps, msg, { submissionId: received.submissionId });
  });

  // An edit updates the item the original message created, while it is still open; each edit
  // is a message of its own (its edit date in the id), stored raw like every other.
  inPrivate.on("edited_message", async (ctx) => {
    const msg = ctx.editedMessage;
    const original = await core.db.inboundMessage.findUnique({
      where: { channel_externalId: { channel: "telegram", externalId: inboundExternalId(msg) } },
      select: { submissionId: true },
    });
    if (!original?.submissionId || !messageText(msg)) return void (await ctx.reply(botMessages.editNotSupported()));
    const input = toInboundMessage(msg, ctx.update);
    const r = await amendSubmission(core, original.submissionId, {
      ...input,
      externalId: `${input.externalId}:edit:${msg.edit_date ?? 0}`,
    });
    // Amended items are confirmed by core; a closed item says why it took nothing.
    if (r.outcome === "not_sender" || r.outcome === "not_found") await ctx.reply(botMessages.editNotSupported());
  });

  // Groups: the bot takes no submissions there; replies to cards are handled by the review composer.
  c.chatType(["group", "supergroup"]).command(COMMANDS, (ctx) => ctx.reply(botMessages.privateOnly()));
  return c;
}

/** Largest file taken, and whether the download worked; a refusal carries its reason and the answer. */
async function fetchFile(
  deps: TelegramBotDeps,
  ctx: Context,
  source: FileSource,
  file: MessageFile,
): Promise<StoredAttachment | { refused: string; answer: string }> {
  const { dataDir, maxBytes: storeMax } = deps.core.settings.attachments;
  const maxBytes = downloadLimit(storeMax, source.apiRoot);
  const tooLarge = { refused: "attachment-too-large", answer: botMessages.fileTooLarge({ maxMb: toMb(maxBytes) }) };
  if (file.size !== null && file.size > maxBytes) return tooLarge;
  const log = deps.log.child({ update_id: ctx.update.update_id });
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadToStore({ api: ctx.api, ...source, dataDir, maxBytes }, file);
    } catch (e) {
      if (e instanceof AttachmentTooLargeError) return tooLarge;
      if (e instanceof PermanentError || attempt >= DOWNLOAD_ATTEMPTS) {
        log.error({ err: e, fileUniqueId: file.fileUniqueId }, "could not download a file from Telegram");
        return { refused: "attachment-unavailable", answer: botMessages.fileUnavailable() };
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
const DOWNLOAD_ATTEMPTS = 3;
const toMb = (bytes: number) => Math.floor(bytes / 1_048_576);

/** An album's photos arrive as separate updates within a second or two; its card waits for them. */
const ALBUM_SETTLE_MS = 2_000;

/** What an album's first message became: an item, or a message held until the sender's details are in. */
type AlbumState = { submissionId: string } | { heldId: string };
const albumKey = (msg: Message) => `album:${msg.chat.id}:${msg.media_group_id}`;

async function rememberAlbum(deps: TelegramBotDeps, msg: Message, value: AlbumState) {
  const db = deps.core.db;
  await db.channelState.upsert({
    where: { channel_key: { channel: "telegram", key: albumKey(msg) } },
    create: { channel: "telegram", key: albumKey(msg), value },
    update: {},
  });
  // Albums arrive within seconds: older keys are of no use.
  await db.channelState.deleteMany({
    where: { channel: "telegram", key: { startsWith: "album:" }, updatedAt: { lt: new Date(Date.now() - 86_400_000) } },
  });
}

/** Adds a later album message to the first one's item (or held message); false when it is the first. */
async function joinAlbum(deps: TelegramBotDeps, msg: Message, input: InboundInput): Promise<boolean> {
  const row = await deps.core.db.channelState.findUnique({
    where: { channel_key: { channel: "telegram", key: albumKey(msg) } },
  });
  if (!row) return false;
  const state = row.value as AlbumState;
  if ("heldId" in state) {
    await holdPart(deps.core, state.heldId, input);
    return true;
  }
  const r = await attachToSubmission(deps.core, state.submissionId, input, msg.caption ?? null);
  // A closed item (decided meanwhile) does not take more: this message stands on its own.
  return r !== "closed" && r !== "not_found";
}

/** The submission named by the bot's message this one replies to (an acknowledgement, a notice). */
async function itemRepliedTo(deps: TelegramBotDeps, msg: Message, botId: number): Promise<string | null> {
  const replied = msg.reply_to_message;
  if (!replied || replied.from?.id !== botId) return null;
  const code = trackingCodeIn(replied.text ?? replied.caption ?? "");
  if (!code) return null;
  const item = await resolveTarget(deps.core.db, { trackingCode: code });
  return item?.id ?? null;
}

/**
 * A fake Telegram Bot API on loopback, speaking the wire protocol grammY uses
 * (`POST /bot<token>/<method>`, JSON or multipart; `{ok, result}` / `{ok:false, error_code,
 * description, parameters}`), with the rules that bite in production: 4096-character texts, 64-byte
 * callback_data, no localhost button URLs, "message is not modified". Tests queue updates, inject
 * faults (blocked chats, flood waits) and read back calls and each chat's messages.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { File, InlineKeyboardMarkup, Message, Update, UserFromGetMe } from "grammy/types";

export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status the fake answered with. */
  status: number;
}

/** A file the fake holds for getFile and downloads. */
export interface FakeFile extends File {
  bytes: Buffer;
}

export interface FakeTelegram {
  /** For grammY's `client.apiRoot`: `http://127.0.0.1:<port>`, no trailing slash. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every call, in order, failed ones included. */
  readonly calls: FakeCall[];
  /** A chat's messages as they now read (edits applied), oldest first. */
  messages(chatId: number | string): Message[];
  /** Queues an update for getUpdates; `update_id` is assigned when missing. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update;
  /** Stores a file as if a user had sent it, for getFile and `/file/bot<token>/<path>`. */
  addFile(bytes: Buffer | string, fileName?: string): FakeFile;
  /** Every call naming this chat fails with 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number | string): void;
  /** The next `n` calls (getUpdates excepted) fail with 429 and `retry_after`. */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** The URL the bot asked for with setWebhook, if any. */
  readonly webhookUrl: string | null;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}
const bad = (what: string) => new ApiError(400, `Bad Request: ${what}`);

type Params = Record<string, unknown>;
type Handler = (p: Params, files: Map<string, Upload>) => unknown;
interface Upload {
  fileName: string;
  bytes: Buffer;
}

/** Starts a fake Bot API on 127.0.0.1 with a random port. */
export async function startFakeTelegram(): Promise<FakeTelegram> {
  const botId = 7_000_000_000 + Math.floor(Math.random() * 1e6);
  const token = `${botId}:AA${randomBytes(24).toString("base64url").slice(0, 33)}`;
  const botInfo: UserFromGetMe = {
    id: botId,
    is_bot: true,
    first_name: "Bantin (thử nghiệm)",
    username: "bantin_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
  } as UserFromGetMe;
  const calls: FakeCall[] = [];
  const chats = new Map<string, Message[]>();
  const blocked = new Set<string>();
  const files = new Map<string, FakeFile>();
  const updates: Update[] = [];
  const waiters = new Set<() => void>();
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let limited = { remaining: 0, retryAfter: 0 };
  let webhookUrl: string | null = null;

  const now = () => Math.floor(Date.now() / 1000);
  const chatMessages = (chatId: string) => chats.get(chatId) ?? chats.set(chatId, []).get(chatId)!;
  const chatOf = (id: string): Message["chat"] =>
    id.startsWith("-")
      ? { id: Number(id), type: "supergroup", title: "Ban biên tập" }
      : { id: Number(id), type: "private", first_name: "Người dùng" };

  function chatIdOf(p: Params): string {
    const id = String(p.chat_id ?? "");
    if (!/^-?\d+$/.test(id)) throw bad("chat not found");
    if (blocked.has(id)) throw new ApiError(403, "Forbidden: bot was blocked by the user");
    return id;
  }

  function store(chatId: string, content: Partial<Message>): Message {
    const msg = {
      message_id: nextMessageId++,
      date: now(),
      chat: chatOf(chatId),
      from: botInfo,
      ...content,
    } as Message;
    chatMessages(chatId).push(msg);
    return structuredClone(msg);
  }

  function findMessage(p: Params): Message {
    const list = chatMessages(chatIdOf(p));
    const msg = list.find((m) => m.message_id === Number(p.message_id));
    if (!msg) throw bad("message to edit not found");
    return msg;
  }

  function addFile(bytes: Buffer | string, fileName = "file.dat"): FakeFile {
    const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    // Hex, not base64url: the path's first "_" must separate the id from the file name.
    const uniq = randomBytes(8).toString("hex");
    const file: FakeFile = {
      file_id: `BQAC${randomBytes(24).toString("base64url")}`,
      file_unique_id: `AgAD${uniq}`,
      file_size: body.length,
      file_path: `documents/${uniq}_${fileName}`,
      bytes: body,
    };
    files.set(file.file_id, file);
    return file;
  }

  /** `photo`/`document`/`media` as a file_id, an http(s) URL or an `attach://` upload. */
  function inputFile(value: unknown, uploads: Map<string, Upload>, fallbackName: string): FakeFile {
    if (typeof value !== "string" || !value) throw bad("there is no file in the request");
    if (value.startsWith("attach://")) {
      const up = uploads.get(value.slice("attach://".length));
      if (!up) throw bad("wrong file identifier/HTTP URL specified");
      return addFile(up.bytes, up.fileName);
    }
    if (/^https?:\/\//.test(value)) return addFile(Buffer.from(value), fallbackName);
    const known = files.get(value);
    if (!known) throw bad("wrong file identifier/HTTP URL specified");
    return known;
  }

  function media(kind: string, f: FakeFile, name: string): Partial<Message> {
    const ids = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.file_size };
    if (kind === "photo") return { photo: [{ ...ids, width: 1280, height: 960 }] };
    return { document: { ...ids, file_name: f.file_path?.slice(f.file_path.indexOf("_") + 1) || name } };
  }

  function caption(p: Params): Partial<Message> {
    if (p.caption === undefined) return {};
    const c = String(p.caption);
    if (c.length > 1024) throw bad("message caption is too long");
    return { caption: c };
  }

  const handlers: Record<string, Handler> = {
    getMe: () => botInfo,
    logOut: () => true,
    close: () => true,
    deleteWebhook: () => {
      webhookUrl = null;
      return true;
    },
    setWebhook: (p) => {
      const url = String(p.url ?? "");
      if (url && !url.startsWith("https://")) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
      webhookUrl = url || null;
      return true;
    },
    getWebhookInfo: () => ({ url: webhookUrl ?? "", has_custom_certificate: false, pending_update_count: 0 }),
    sendMessage: (p) => {
      const chatId = chatIdOf(p);
      const text = checkText(p.text);
      const markup = checkMarkup(p.reply_markup);
      return store(chatId, { text, ...(markup && { reply_markup: markup }) });
    },
    editMessageText: (p) => {
      const msg = findMessage(p);
      const text = checkText(p.text);
      const markup = checkMarkup(p.reply_markup);
      // Telegram replaces the keyboard with what the edit carries: none removes it.
      if (msg.text === text && same(msg.reply_markup, markup)) throw notModified();
      Object.assign(msg, { text, reply_markup: markup, edit_date: now() });
      if (!markup) delete msg.reply_markup;
      return structuredClone(msg);
    },
    editMessageReplyMarkup: (p) => {
      const msg = findMessage(p);
      const markup = checkMarkup(p.reply_markup);
      if (same(msg.reply_markup, markup)) throw notModified();
      Object.assign(msg, { reply_markup: markup, edit_date: now() });
      if (!markup) delete msg.reply_markup;
      return structuredClone(msg);
    },
    deleteMessage: (p) => {
      const list = chatMessages(chatIdOf(p));
      const i = list.findIndex((m) => m.message_id === Number(p.message_id));
      if (i < 0) throw bad("message to delete not found");
      list.splice(i, 1);
      return true;
    },
    answerCallbackQuery: (p) => {
      if (!p.callback_query_id) throw bad("query is too old and response timeout expired or query ID is invalid");
      if (p.text !== undefined && String(p.text).length > 200) throw bad("MESSAGE_TOO_LONG");
      return true;
    },
    sendPhoto: (p, up) => {
      const chatId = chatIdOf(p);
      return store(chatId, { ...media("photo", inputFile(p.photo, up, "photo.jpg"), "photo.jpg"), ...caption(p) });
    },
    sendDocument: (p, up) => {
      const chatId = chatIdOf(p);
      const f = inputFile(p.document, up, "document.dat");
      return store(chatId, { ...media("document", f, "document.dat"), ...caption(p) });
    },
    sendMediaGroup: (p, up) => {
      const chatId = chatIdOf(p);
      const items = parseJson(p.media);
      if (!Array.isArray(items) || items.length < 2 || items.length > 10) throw bad("wrong number of media");
      const group = String(10_000_000 + nextMessageId);
      return items.map((item: Params) => {
        const f = inputFile(item.media, up, "media.dat");
        return store(chatId, { media_group_id: group, ...media(String(item.type), f, "media.dat"), ...caption(item) });
      });
    },
    getFile: (p) => {
      const f = files.get(String(p.file_id ?? ""));
      if (!f) throw bad("invalid file_id");
      const { bytes: _bytes, ...file } = f;
      return file;
    },
  };

  // getUpdates answers at once when an update is waiting, else parks until pushUpdate or timeout.
  async function getUpdates(p: Params, res: ServerResponse): Promise<Update[]> {
    if (webhookUrl)
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook");
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    // An offset confirms every update before it; Telegram forgets them.
    while (updates.length && offset > 0 && updates[0]!.update_id < offset) updates.shift();
    const timeoutMs = Math.max(Number(p.timeout ?? 0), 0) * 1000;
    if (!updates.length && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          res.off("close", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
        // The bot gave up (bot.stop() aborts the fetch): stop waiting. Not `req`: it closes once read.
        res.once("close", done);
      });
    }
    return structuredClone(updates.slice(0, limit));
  }

  async function call(method: string, p: Params, uploads: Map<string, Upload>, res: ServerResponse) {
    if (method === "getUpdates") return getUpdates(p, res);
    if (limited.remaining > 0) {
      limited.remaining--;
      const s = limited.retryAfter;
      throw new ApiError(429, `Too Many Requests: retry after ${s}`, { retry_after: s });
    }
    const handler = handlers[method];
    if (!handler) throw new ApiError(404, "Not Found: method not found");
    return handler(p, uploads);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && req.method === "GET") {
      const f = file[1] === token ? [...files.values()].find((x) => x.file_path === decodeURI(file[2]!)) : undefined;
      if (!f) return void res.writeHead(404).end("Not Found");
      return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(f.bytes);
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return reply(res, null, new ApiError(404, "Not Found"));
    const method = m[2]!;
    const body = await readBody(req);
    const { params, uploads } = parseParams(req, body, url);
    const record: FakeCall = { method, params, status: 200 };
    calls.push(record);
    if (m[1] !== token) return reply(res, record, new ApiError(401, "Unauthorized"));
    try {
      const result = await call(method, params, uploads, res);
      reply(res, record, null, result);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      reply(res, record, e);
    }
  }

  function reply(res: ServerResponse, record: FakeCall | null, err: ApiError | null, result?: unknown) {
    const status = err ? err.code : 200;
    if (record) record.status = status;
    const body = err
      ? {
          ok: false,
          error_code: err.code,
          description: err.description,
          ...(err.parameters && { parameters: err.parameters }),
        }
      : { ok: true, result };
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    get webhookUrl() {
      return webhookUrl;
    },
    messages: (chatId) => structuredClone(chats.get(String(chatId)) ?? []),
    pushUpdate(update) {
      const full = { ...update, update_id: update.update_id ?? nextUpdateId } as Update;
      nextUpdateId = Math.max(nextUpdateId, full.update_id) + 1;
      updates.push(full);
      for (const wake of [...waiters]) wake();
      return full;
    },
    addFile,
    blockChat: (chatId) => void blocked.add(String(chatId)),
    rateLimitNext(n, retryAfterSeconds) {
      limited = { remaining: n, retryAfter: retryAfterSeconds };
    },
    async close() {
      for (const wake of [...waiters]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // grammY keeps connections alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      });
    },
  };
}

function notModified() {
  return bad(
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  );
}

function checkText(value: unknown): string {
  const text = typeof value === "string" ? value.trim() : "";
  if (!text) throw bad("message text is empty");
  if (text.length > 4096) throw bad("message is too long");
  return text;
}

/** Telegram's rules for an inline keyboard; reply keyboards are passed through unchecked. */
function checkMarkup(value: unknown): InlineKeyboardMarkup | undefined {
  const markup = parseJson(value) as { inline_keyboard?: unknown } | undefined;
  if (!markup || typeof markup !== "object") return undefined;
  if (!("inline_keyboard" in markup)) return markup as InlineKeyboardMarkup;
  if (!Array.isArray(markup.inline_keyboard)) throw bad('field "inline_keyboard" must be an Array');
  for (const row of markup.inline_keyboard) {
    if (!Array.isArray(row)) throw bad('field "inline_keyboard" must be an Array of Array');
    for (const b of row as Params[]) {
      if (typeof b.text !== "string" || !b.text)
        throw bad("can't parse inline keyboard button: Text must be non-empty");
      if ("callback_data" in b) {
        const n = Buffer.byteLength(String(b.callback_data), "utf8");
        if (n < 1 || n > 64) throw bad("BUTTON_DATA_INVALID");
      } else if ("url" in b) {
        if (!buttonUrlOk(String(b.url)))
          throw bad(`inline keyboard button URL '${String(b.url)}' is invalid: Wrong HTTP URL`);
      } else {
        throw bad("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field");
      }
    }
  }
  // An empty keyboard is no keyboard: Telegram shows none and returns none.
  return markup.inline_keyboard.some((r) => (r as unknown[]).length) ? (markup as InlineKeyboardMarkup) : undefined;
}

function buttonUrlOk(url: string): boolean {
  if (/^tg:\/\//.test(url)) return true;
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  const host = u.hostname;
  return (u.protocol === "http:" || u.protocol === "https:") && host.includes(".") && !/^(localhost|127\.)/.test(host);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Params from the query string and a JSON, urlencoded or multipart body, as the Bot API accepts. */
function parseParams(req: IncomingMessage, body: Buffer, url: URL): { params: Params; uploads: Map<string, Upload> } {
  const params: Params = Object.fromEntries(url.searchParams);
  const uploads = new Map<string, Upload>();
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json") && body.length) Object.assign(params, JSON.parse(body.toString("utf8")));
  else if (type.startsWith("application/x-www-form-urlencoded"))
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    for (const part of multipart(body, boundary?.[1] ?? boundary?.[2] ?? "")) {
      if (part.fileName !== undefined) uploads.set(part.name, { fileName: part.fileName, bytes: part.data });
      else params[part.name] = part.data.toString("utf8");
    }
  }
  return { params, uploads };
}

/** A minimal multipart/form-data reader: grammY writes `content-disposition:form-data;name="x"` without spaces. */
function multipart(body: Buffer, boundary: string) {
  const parts: { name: string; fileName?: string; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after, before
    const split = chunk.indexOf("\r\n\r\n");
    if (split >= 0) {
      const head = chunk.subarray(0, split).toString("utf8");
      const name = /name="([^"]*)"/i.exec(head)?.[1] ?? "";
      const fileName = /filename="?([^";\r\n]*)"?/i.exec(head)?.[1];
      parts.push({ name, ...(fileName !== undefined && { fileName }), data: chunk.subarray(split + 4) });
    }
    start = next;
  }
  return parts;
}

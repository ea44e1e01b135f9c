/**
 * A fake Zalo on loopback, speaking the wire protocols Bantin uses: OAuth v4
 * (`POST /v4/oa/access_token`, form body, `secret_key` header, rotating single-use refresh
 * tokens, `expires_in` as a string, `-118` for a used or unknown refresh token) and the OA API
 * (`access_token` header; `{error, message, data}` answered with HTTP 200 even for errors;
 * `-216` for a stale access token, `-230` outside the 7-day window, `-32` when rate-limited,
 * `-201`/`-210` for a bad shape or an over-long text). It also plays Zalo's side of the webhook:
 * `deliver` signs an event (sha256 of app id + raw body + timestamp + OA secret key, `mac=`)
 * and posts it to the service. Tests inject faults and read back what was sent.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const WINDOW_MS = 7 * 24 * 3_600_000;

export interface FakeZaloCall {
  method: string;
  path: string;
  /** The answer's `error` (0 for success) or the HTTP status when not 200. */
  error: number;
}

export interface SentMessage {
  messageId: string;
  userId: string;
  message: Record<string, unknown>;
}

export interface FakeUser {
  userId: string;
  displayName: string;
  lastInteraction: number;
  follower: boolean;
}

export type Fault = { error: number; message?: string } | { status: number } | { delayMs: number };

export interface DeliverOptions {
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  /** Shift the timestamp (signed correctly) by this much: a stale or replayed event. */
  timestampOffsetMs?: number;
  /** Send no signature header at all. */
  unsigned?: boolean;
  /** Leave out the `mac=` prefix. */
  bareHex?: boolean;
}

export interface FakeZalo {
  readonly apiBase: string;
  readonly oauthBase: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  readonly oaId: string;
  /** The refresh token that works now (the first one, for the service's settings). */
  readonly refreshToken: string;
  /** How many refreshes succeeded. */
  readonly refreshes: number;
  /** Every API call, in order. */
  readonly calls: FakeZaloCall[];
  /** Consultation messages sent, oldest first; to one user when given. */
  sent(userId?: string): SentMessage[];
  /** Texts sent to a user, oldest first. */
  texts(userId: string): string[];
  /** Reactions sent: user, message and icon. */
  readonly reactions: Array<{ userId: string; messageId: string; icon: string }>;
  addUser(userId: string, opts?: { displayName?: string; lastInteraction?: number; follower?: boolean }): FakeUser;
  user(userId: string): FakeUser | undefined;
  /** Makes every access token issued so far invalid (-216), as when they expire. */
  expireAccessTokens(): void;
  /** Kills the current refresh token: the next refresh gets -118. */
  revokeRefreshToken(): void;
  /** The next call to `path` (or to any path when null) fails this way. */
  failNext(path: string | null, fault: Fault, times?: number): void;
  /** A file Zalo would host for an attachment; returns its URL. */
  addFile(bytes: Buffer | string, name: string, contentType: string): string;
  /** Uploaded files, by the id or token returned. */
  readonly uploads: Map<string, { kind: string; name: string; size: number }>;
  /** Signs `event` as Zalo does and posts it to `url`; the user's last interaction is updated. */
  deliver(
    url: string,
    event: Record<string, unknown>,
    opts?: DeliverOptions,
  ): Promise<{ status: number; body: string }>;
  /** Posts the unsigned `{}` Zalo sends when the webhook URL is saved. */
  probe(url: string): Promise<{ status: number; body: string }>;
  /** The signature Zalo would send for this raw body and timestamp. */
  sign(raw: string, timestamp: string, secret?: string): string;
  close(): Promise<void>;
}

const rnd = (n = 8) => randomBytes(n).toString("hex");

export async function startFakeZalo(opts: { accessTokenSeconds?: number } = {}): Promise<FakeZalo> {
  const appId = String(1_000_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  const appSecret = `app-secret-${rnd()}`;
  const oaSecretKey = `oa-secret-${rnd()}`;
  const oaId = String(3_000_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e15)));
  const accessTokenSeconds = opts.accessTokenSeconds ?? 90_000;

  let refreshToken = `RT-${rnd()}`;
  let refreshes = 0;
  const accessTokens = new Set<string>();
  const calls: FakeZaloCall[] = [];
  const sent: SentMessage[] = [];
  const reactions: FakeZalo["reactions"] = [];
  const users = new Map<string, FakeUser>();
  const files = new Map<string, { bytes: Buffer; contentType: string; name: string }>();
  const uploads = new Map<string, { kind: string; name: string; size: number }>();
  const faults: Array<{ path: string | null; fault: Fault }> = [];
  /** Messages that exist in some chat: a quote must name one of them. */
  const known = new Set<string>();
  let seq = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", base);
    const path = url.pathname;
    const body = await readBody(req);

    if (req.method === "GET" && path.startsWith("/files/")) {
      const f = files.get(path.slice("/files/".length));
      if (!f) return void res.writeHead(404).end();
      return void res.writeHead(200, { "content-type": f.contentType, "content-length": f.bytes.length }).end(f.bytes);
    }

    const answer = (error: number, data?: unknown, message?: string) => {
      calls.push({ method: req.method ?? "", path, error });
      json(res, 200, {
        error,
        message: message ?? (error === 0 ? "Success" : "error"),
        ...(data !== undefined && { data }),
      });
    };

    const i = faults.findIndex((f) => f.path === null || f.path === path);
    if (i >= 0) {
      const fault = faults.splice(i, 1)[0]!.fault;
      if ("delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      else if ("status" in fault) {
        calls.push({ method: req.method ?? "", path, error: fault.status });
        return void res.writeHead(fault.status).end("unavailable");
      } else return answer(fault.error, undefined, fault.message ?? MESSAGES[fault.error]);
    }

    if (path === "/v4/oa/access_token" && req.method === "POST") {
      const form = new URLSearchParams(body.toString("utf8"));
      const record = (error: number) => calls.push({ method: "POST", path, error });
      if (req.headers["secret_key"] !== appSecret || form.get("app_id") !== appId) {
        record(-14002);
        return json(res, 200, { error: -14002, error_name: "Invalid app", message: "Invalid secret key or app id" });
      }
      if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== refreshToken) {
        record(-118);
        return json(res, 200, { error: -118, error_name: "Invalid grant", message: "Refresh token is invalid" });
      }
      refreshes++;
      refreshToken = `RT-${rnd()}`;
      const access = `AT-${rnd()}`;
      accessTokens.add(access);
      record(0);
      // expires_in is a string on the wire.
      return json(res, 200, {
        access_token: access,
        refresh_token: refreshToken,
        expires_in: String(accessTokenSeconds),
      });
    }

    const token = req.headers["access_token"];
    if (typeof token !== "string" || !accessTokens.has(token))
      return answer(-216, undefined, "Access token is invalid");

    if (path === "/v3.0/oa/message/cs" && req.method === "POST") {
      const b = JSON.parse(body.toString("utf8")) as {
        recipient?: { user_id?: string };
        message?: Record<string, unknown>;
      };
      const userId = b.recipient?.user_id;
      const message = b.message;
      if (!userId || !message) return answer(-201, undefined, "Parameters are invalid");
      const problem = checkMessage(message);
      if (problem) return answer(problem.error, undefined, problem.message);
      if (message.quote_message_id !== undefined && !known.has(String(message.quote_message_id)))
        return answer(-201, undefined, "quote_message_id is invalid");
      const user = users.get(userId);
      if (!user) return answer(-213, undefined, "User has not followed OA");
      if (Date.now() - user.lastInteraction > WINDOW_MS)
        return answer(-230, undefined, "User has not interacted with the OA in the past 7 days");
      const messageId = `m${++seq}${rnd(4)}`;
      sent.push({ messageId, userId, message });
      known.add(messageId);
      return answer(0, { message_id: messageId, user_id: userId });
    }
    if (path === "/v2.0/oa/message" && req.method === "POST") {
      const b = JSON.parse(body.toString("utf8")) as {
        recipient?: { user_id?: string };
        sender_action?: { react_icon?: string; react_message_id?: string };
      };
      if (!b.recipient?.user_id || !b.sender_action?.react_message_id) return answer(-201);
      reactions.push({
        userId: b.recipient.user_id,
        messageId: b.sender_action.react_message_id,
        icon: b.sender_action.react_icon ?? "",
      });
      return answer(0, { message_id: `r${++seq}` });
    }
    if (path.startsWith("/v2.0/oa/upload/") && req.method === "POST") {
      const kind = path.slice("/v2.0/oa/upload/".length);
      const form = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } })
        .formData()
        .catch(() => null);
      const file = form?.get("file");
      if (!file || typeof file === "string") return answer(-201, undefined, "file is missing");
      const limit = kind === "image" ? 1_048_576 : 5_242_880;
      if (file.size > limit) return answer(-210, undefined, "File size exceeds the limit");
      const id = `${kind}-${++seq}${rnd(4)}`;
      uploads.set(id, { kind, name: file.name, size: file.size });
      return answer(0, kind === "file" ? { token: id } : { attachment_id: id });
    }
    if (path === "/v3.0/oa/user/detail" && req.method === "GET") {
      const q = JSON.parse(url.searchParams.get("data") ?? "{}") as { user_id?: string };
      const user = q.user_id ? users.get(q.user_id) : undefined;
      if (!user) return answer(-213, undefined, "User has not followed OA");
      return answer(0, {
        user_id: user.userId,
        display_name: user.displayName,
        user_is_follower: user.follower,
        user_last_interaction_date: String(user.lastInteraction),
      });
    }
    if (path === "/v3.0/oa/quota/message" && req.method === "POST") {
      const b = JSON.parse(body.toString("utf8")) as { user_id?: string };
      const user = b.user_id ? users.get(b.user_id) : undefined;
      if (!user) return answer(-213, undefined, "User has not followed OA");
      return answer(0, { last_interaction: String(user.lastInteraction), cs_reply: { remain: 8, total: 8 } });
    }
    if (path === "/v2.0/oa/getoa" && req.method === "GET") {
      return answer(0, { oa_id: oaId, name: "UBND xã (thử nghiệm)", is_verified: true });
    }
    calls.push({ method: req.method ?? "", path, error: 404 });
    res.writeHead(404).end();
  }

  function sign(raw: string, timestamp: string, secret = oaSecretKey) {
    return createHash("sha256").update(`${appId}${raw}${timestamp}${secret}`).digest("hex");
  }

  async function post(url: string, raw: string, headers: Record<string, string>) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  }

  const fake: FakeZalo = {
    apiBase: base,
    oauthBase: base,
    appId,
    appSecret,
    oaSecretKey,
    oaId,
    get refreshToken() {
      return refreshToken;
    },
    get refreshes() {
      return refreshes;
    },
    calls,
    reactions,
    uploads,
    sent: (userId) => sent.filter((m) => userId === undefined || m.userId === userId),
    texts: (userId) =>
      sent
        .filter((m) => m.userId === userId && typeof m.message.text === "string")
        .map((m) => m.message.text as string),
    addUser(userId, o = {}) {
      const u: FakeUser = {
        userId,
        displayName: o.displayName ?? "Người dùng Zalo",
        lastInteraction: o.lastInteraction ?? Date.now(),
        follower: o.follower ?? true,
      };
      users.set(userId, u);
      return u;
    },
    user: (userId) => users.get(userId),
    expireAccessTokens: () => accessTokens.clear(),
    revokeRefreshToken() {
      refreshToken = `RT-revoked-${rnd()}`;
    },
    failNext(path, fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ path, fault });
    },
    addFile(bytes, name, contentType) {
      const id = `${rnd()}/${encodeURIComponent(name)}`;
      files.set(id, { bytes: Buffer.from(bytes), contentType, name });
      return `${base}/files/${id}`;
    },
    async deliver(url, event, o = {}) {
      const timestamp = String(Date.now() + (o.timestampOffsetMs ?? 0));
      const full: Record<string, unknown> = { app_id: appId, ...event, timestamp };
      const raw = JSON.stringify(full);
      const sender = (full as { sender?: { id?: string } }).sender?.id;
      const user = sender ? users.get(sender) : undefined;
      if (user && String(full.event_name).startsWith("user_")) user.lastInteraction = Date.now();
      const msg = full.message as { msg_id?: string } | undefined;
      if (msg?.msg_id) known.add(msg.msg_id);
      const hex = sign(raw, timestamp, o.badSignature ? "not-the-secret" : oaSecretKey);
      return post(url, raw, o.unsigned ? {} : { "x-zevent-signature": o.bareHex ? hex : `mac=${hex}` });
    },
    probe: (url) => post(url, "{}", {}),
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

const MESSAGES: Record<number, string> = {
  [-216]: "Access token is invalid",
  [-230]: "User has not interacted with the OA in the past 7 days",
  [-32]: "Request exceeds the rate limit",
  [-201]: "Parameters are invalid",
};

/** The shapes /v3.0/oa/message/cs accepts, and its 2000-character text limit. */
function checkMessage(m: Record<string, unknown>): { error: number; message: string } | null {
  const text = m.text;
  if (text !== undefined && typeof text !== "string") return { error: -201, message: "text must be a string" };
  if (typeof text === "string" && text.length > 2000) return { error: -210, message: "text exceeds 2000 characters" };
  const attachment = m.attachment as { type?: string; payload?: Record<string, unknown> } | undefined;
  if (!attachment) return text ? null : { error: -201, message: "message is empty" };
  const p = attachment.payload ?? {};
  if (attachment.type === "file") return typeof p.token === "string" ? null : { error: -201, message: "file token" };
  if (attachment.type !== "template") return { error: -201, message: "unknown attachment type" };
  if (p.template_type === "media") {
    const els = p.elements as Array<{ media_type?: string; url?: string; attachment_id?: string }> | undefined;
    return els?.length === 1 && els[0]?.media_type === "image" && (els[0].url || els[0].attachment_id)
      ? null
      : { error: -201, message: "media elements" };
  }
  if (p.template_type === "request_user_info") {
    const els = p.elements as Array<{ title?: string; subtitle?: string }> | undefined;
    return els?.length === 1 && els[0]?.title && els[0].subtitle ? null : { error: -201, message: "one element" };
  }
  if (Array.isArray(p.buttons)) {
    const buttons = p.buttons as Array<{ title?: string; type?: string; payload?: unknown }>;
    const ok =
      typeof text === "string" &&
      buttons.length >= 1 &&
      buttons.length <= 5 &&
      buttons.every(
        (b) => typeof b.title === "string" && b.title.length <= 20 && typeof b.type === "string" && b.payload,
      );
    return ok ? null : { error: -201, message: "buttons" };
  }
  return { error: -201, message: "unknown template" };
}

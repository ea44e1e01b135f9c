/**
 * A thin, typed client for the Zalo Official Account API, on `fetch`. Zalo mixes versions per
 * family: v3.0 sends consultation messages and reads users, v2.0 uploads and reacts, OAuth is v4
 * (`tokens.ts`). Every call carries the access token in the `access_token` header (never the
 * query string), reads the body's `error` (Zalo answers errors with HTTP 200), refreshes once and
 * retries on an auth error, and throws a classified `ZaloApiError` otherwise.
 * See docs/decisions/0002-zalo-oa-v3-client.md and ../shared/research/zalo.md.
 */
import { classifyZaloError, ZaloApiError } from "./errors.ts";
import type { TokenSource } from "./tokens.ts";

/** Zalo's limit on a consultation message's text. */
export const TEXT_MAX = 2000;

export interface ZaloButton {
  title: string;
  type: "oa.query.hide" | "oa.query.show" | "oa.open.url";
  payload: string | { url: string };
}

/** The `message` of a consultation message, in the shapes /v3.0/oa/message/cs accepts. */
export type CsMessage =
  | { text: string; quote_message_id?: string }
  | { text: string; attachment: { type: "template"; payload: { buttons: ZaloButton[] } } }
  | {
      text?: string;
      attachment: {
        type: "template";
        payload: {
          template_type: "media";
          elements: Array<{ media_type: "image"; url?: string; attachment_id?: string }>;
        };
      };
    }
  | { attachment: { type: "file"; payload: { token: string } } }
  | {
      text: "";
      attachment: {
        type: "template";
        payload: {
          template_type: "request_user_info";
          elements: [{ title: string; subtitle: string; image_url?: string }];
        };
      };
    };

export interface UserDetail {
  user_id: string;
  display_name?: string;
  user_is_follower?: boolean;
  /** Epoch ms of the last interaction, as some answers carry it. */
  user_last_interaction_date?: string;
  shared_info?: { name?: string; phone?: string; address?: string };
}

export interface MessageQuota {
  /** Epoch ms (a string) of the user's last interaction with the OA. */
  last_interaction?: string;
  cs_reply?: { remain?: number; total?: number };
}

export interface ZaloApiOptions {
  apiBase: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type Envelope<T> = { error?: number; message?: string; data?: T };

export type ZaloApi = ReturnType<typeof createZaloApi>;

export function createZaloApi(o: ZaloApiOptions) {
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 15_000;

  async function call<T>(
    endpoint: string,
    init: { method: "GET" | "POST"; query?: unknown; json?: unknown; form?: () => FormData },
  ): Promise<T> {
    const url = new URL(`${o.apiBase}${endpoint}`);
    // GET endpoints take one JSON-encoded `data` parameter.
    if (init.query !== undefined) url.searchParams.set("data", JSON.stringify(init.query));
    let token = await o.tokens.accessToken();
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { access_token: token };
      if (init.json !== undefined) headers["content-type"] = "application/json";
      const res = await doFetch(url, {
        method: init.method,
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : init.form?.(),
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((e: unknown) => {
        throw new ZaloApiError(endpoint, 0, e instanceof Error ? e.message : String(e), "retry");
      });
      if (!res.ok) {
        // 4xx other than 429 is a request Zalo will refuse again; 429 and 5xx may pass.
        const kind = res.status === 429 || res.status >= 500 ? "retry" : "permanent";
        throw new ZaloApiError(endpoint, res.status, `HTTP ${res.status}`, kind);
      }
      const body = (await res.json().catch(() => null)) as Envelope<T> | null;
      if (!body || typeof body !== "object") throw new ZaloApiError(endpoint, 0, "not a JSON answer", "retry");
      const code = Number(body.error ?? 0);
      if (code === 0) return body.data as T;
      const kind = classifyZaloError(code);
      if (kind === "refresh" && attempt === 1) {
        token = await o.tokens.refreshAfterRejection(token);
        continue;
      }
      throw new ZaloApiError(endpoint, code, body.message ?? "error", kind);
    }
  }

  const upload = (kind: "image" | "file", bytes: Uint8Array, fileName: string, contentType: string) =>
    call<{ attachment_id?: string; token?: string }>(`/v2.0/oa/upload/${kind}`, {
      method: "POST",
      form: () => {
        const form = new FormData();
        form.append("file", new Blob([bytes], { type: contentType }), fileName);
        return form;
      },
    });

  return {
    /** POST /v3.0/oa/message/cs: a consultation message; returns Zalo's message id. */
    async sendMessage(userId: string, message: CsMessage): Promise<string> {
      const data = await call<{ message_id?: string }>("/v3.0/oa/message/cs", {
        method: "POST",
        json: { recipient: { user_id: userId }, message },
      });
      if (!data?.message_id) throw new ZaloApiError("/v3.0/oa/message/cs", 0, "no message_id in the answer", "retry");
      return String(data.message_id);
    },
    /** POST /v2.0/oa/upload/image (jpg/png ≤ 1 MB): the attachment id to send it with. */
    async uploadImage(bytes: Uint8Array, fileName: string, contentType = "image/jpeg"): Promise<string> {
      const d = await upload("image", bytes, fileName, contentType);
      if (!d?.attachment_id) throw new ZaloApiError("/v2.0/oa/upload/image", 0, "no attachment_id", "retry");
      return d.attachment_id;
    },
    /** POST /v2.0/oa/upload/file (PDF/DOC/DOCX ≤ 5 MB): the token to send it with. */
    async uploadFile(bytes: Uint8Array, fileName: string, contentType = "application/pdf"): Promise<string> {
      const d = await upload("file", bytes, fileName, contentType);
      if (!d?.token) throw new ZaloApiError("/v2.0/oa/upload/file", 0, "no token", "retry");
      return d.token;
    },
    /** GET /v3.0/oa/user/detail: display name, follower status, shared info. */
    userDetail: (userId: string) =>
      call<UserDetail>("/v3.0/oa/user/detail", { method: "GET", query: { user_id: userId } }),
    /** POST /v3.0/oa/quota/message: the user's last interaction, for the 7-day window. */
    messageQuota: (userId: string) =>
      call<MessageQuota>("/v3.0/oa/quota/message", { method: "POST", json: { user_id: userId } }),
    /** POST /v2.0/oa/message with a `sender_action`: a reaction, free, as a receipt. */
    react: (userId: string, messageId: string, icon = "/-strong") =>
      call<unknown>("/v2.0/oa/message", {
        method: "POST",
        json: { recipient: { user_id: userId }, sender_action: { react_icon: icon, react_message_id: messageId } },
      }),
    /** GET /v2.0/oa/getoa: the OA's own profile; a cheap health check. */
    getOa: () => call<{ oa_id?: string; name?: string; is_verified?: boolean }>("/v2.0/oa/getoa", { method: "GET" }),
  };
}

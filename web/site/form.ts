/**
 * The question form as a channel (`web`): validation, anti-spam without third-party captchas,
 * and the hand-over to core's `receiveInbound` — the same pipeline as the bots.
 *
 * - The form carries a signed token (issued-at time and a random nonce, HMAC'd with a key kept
 *   in the database so every web process shares it). Sent back too fast (a bot) or too late
 *   (a day old), it is refused with the values kept so the person can press Send again.
 * - The nonce is the inbound message's id: submitting the same form twice (a double click, a
 *   reload) gives one submission and the same tracking code.
 * - A honeypot field real people never see; rate limiting per address is on the route.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../../core/db.ts";
import { normalizePhone } from "../../core/people/people.ts";
import { normalizeText } from "../../core/text.ts";
import { t } from "./messages.ts";
import type { FormErrors, FormValues } from "./pages/question-form.ts";

const SECRET_KEY = "form-secret";

/** The HMAC key for form tokens (and the CSRF cookie), created once, shared through the database. */
export async function formSecret(db: Db): Promise<Buffer> {
  const fresh = randomBytes(32).toString("base64");
  await db.sql.query(
    `INSERT INTO "ChannelState" (channel, key, value, "updatedAt") VALUES ('web', $1, to_jsonb($2::text), now())
     ON CONFLICT (channel, key) DO NOTHING`,
    [SECRET_KEY, fresh],
  );
  const { rows } = await db.sql.query<{ value: string }>(
    `SELECT value #>> '{}' AS value FROM "ChannelState" WHERE channel = 'web' AND key = $1`,
    [SECRET_KEY],
  );
  return Buffer.from(rows[0]!.value, "base64");
}

export interface FormTiming {
  /** Fewer seconds than this between showing the form and sending it: a bot. */
  minSeconds: number;
  /** More than this: the form is stale. */
  maxSeconds: number;
}

export const DEFAULT_TIMING: FormTiming = { minSeconds: 3, maxSeconds: 86_400 };

function sign(secret: Buffer, payload: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

/** A token for a form shown now. */
export function issueFormToken(secret: Buffer, now = Date.now()): string {
  const payload = `${now.toString(36)}.${randomBytes(12).toString("base64url")}`;
  return `${payload}.${sign(secret, payload)}`;
}

export type TokenCheck = { ok: true; nonce: string } | { ok: false; reason: "invalid" | "too_fast" | "expired" };

export function checkFormToken(secret: Buffer, token: unknown, timing: FormTiming, now = Date.now()): TokenCheck {
  if (typeof token !== "string") return { ok: false, reason: "invalid" };
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(sign(secret, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  const age = (now - parseInt(m[1]!, 36)) / 1000;
  if (age < timing.minSeconds) return { ok: false, reason: "too_fast" };
  if (age > timing.maxSeconds) return { ok: false, reason: "expired" };
  return { ok: true, nonce: m[2]! };
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The contact as an identity: a lower-case e-mail address or a phone number in one spelling. */
export function canonicalContact(contact: string): { kind: "email" | "phone"; value: string } | null {
  const c = contact.trim();
  if (EMAIL.test(c) && c.length <= 120) return { kind: "email", value: c.toLowerCase() };
  const phone = normalizePhone(c);
  if (/^\+?\d{8,15}$/.test(phone) && /^[\d\s+().-]+$/.test(c)) return { kind: "phone", value: phone };
  return null;
}

function field(body: Record<string, unknown>, name: string, max: number): string {
  const v = body[name];
  return typeof v === "string" ? normalizeText(v).slice(0, max * 2) : "";
}

/** The submitted values, cleaned, and what is wrong with them. */
export function readForm(
  body: unknown,
  fieldCodes: ReadonlySet<string>,
): { values: FormValues; errors: FormErrors; honeypot: boolean } {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const values: FormValues = {
    name: field(b, "name", 120).replace(/\s+/g, " ").trim(),
    contact: field(b, "contact", 120).trim(),
    field: field(b, "field", 40).trim(),
    question: field(b, "question", 5000).trim(),
  };
  const errors: FormErrors = {};
  if (!values.name || Array.from(values.name).length > 120) errors.name = t.form.errors.name;
  if (!canonicalContact(values.contact)) errors.contact = t.form.errors.contact;
  if (values.field && !fieldCodes.has(values.field)) errors.field = t.form.errors.field;
  const qLength = Array.from(values.question).length;
  if (qLength < 10 || qLength > 5000) errors.question = t.form.errors.question;
  const hp = b.website;
  return { values, errors, honeypot: typeof hp === "string" && hp.trim() !== "" };
}

/**
 * The payload of a review card's buttons: `d:<token>:<press>` (`a` approve, `c` request changes,
 * `f` forward, `q` answer, `r` the reason menu, `r1`–`r9` a reason chosen, `x1`–`x9` reject
 * without a note, `b` back; `g<field>` a field's members in the forward menu, `G<field>` forward to
 * the field, `p<person id>` forward to one person). Telegram allows 1–64 UTF-8 bytes of
 * callback_data, so it carries only core's review token (22 base64url characters) and a short code;
 * who the reviewer is and what the item is are looked up from the token, never trusted from here.
 */
import { isRejectionReasonCode, type RejectionReasonCode } from "../../core/domain.ts";
import { PermanentError } from "../../core/errors.ts";

/** A button pressed on a review card. */
export type CardPress =
  | { action: "approve" | "request_changes" | "forward" | "answer" }
  /** Opens the menu of the nine rejection reasons; nothing is decided yet. */
  | { action: "choose_reason" }
  /** A reason chosen: asks for an optional note (by reply); nothing is decided yet. */
  | { action: "reason_chosen"; reason: RejectionReasonCode }
  /** Rejects with the reason and no note. */
  | { action: "reject"; reason: RejectionReasonCode }
  /** Leaves a menu for the card's own buttons. */
  | { action: "back" }
  /** In the forward menu: a field chosen, its members shown; nothing is decided yet. */
  | { action: "forward_field"; fieldCode: string }
  /** Forwards to a whole field, or to one person. */
  | { action: "forward_to"; fieldCode: string }
  | { action: "forward_to"; personId: string };

export interface CardCallback {
  token: string;
  press: CardPress;
}

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const FIELD_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CODES = { approve: "a", request_changes: "c", forward: "f", answer: "q", choose_reason: "r", back: "b" } as const;
const ACTIONS = new Map<string, CardPress>(
  Object.entries(CODES).map(([action, code]) => [code, { action } as CardPress]),
);

/** The callback_data of one button; throws `PermanentError` for a token core never minted. */
export function encodeCardCallback(token: string, press: CardPress): string {
  // A bad token is a bug upstream: retrying the delivery would fail the same way.
  if (!TOKEN.test(token)) throw new PermanentError("review token must be 22 base64url characters");
  const data = `d:${token}:${codeOf(press)}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new PermanentError("callback data over 64 bytes");
  return data;
}

function codeOf(press: CardPress): string {
  switch (press.action) {
    case "reason_chosen":
      return `r${press.reason}`;
    case "reject":
      return `x${press.reason}`;
    case "forward_field":
      return `g${press.fieldCode}`;
    case "forward_to":
      return "personId" in press ? `p${press.personId}` : `G${press.fieldCode}`;
    default:
      return CODES[press.action];
  }
}

/** True when a field's code fits in a button's data next to a token (codes are short in practice). */
export function fitsForwardMenu(fieldCode: string): boolean {
  return FIELD_CODE.test(fieldCode) && 2 + 22 + 2 + fieldCode.length <= CALLBACK_DATA_MAX_BYTES;
}

/** Parses callback_data from a button press; `null` for anything this module did not write. */
export function decodeCardCallback(data: string): CardCallback | null {
  const f = /^d:([A-Za-z0-9_-]{22}):(g|G|p)(.+)$/.exec(data);
  if (f) {
    const [, token = "", code = "", arg = ""] = f;
    if (code === "p") return UUID.test(arg) ? { token, press: { action: "forward_to", personId: arg } } : null;
    if (!FIELD_CODE.test(arg)) return null;
    return {
      token,
      press: code === "g" ? { action: "forward_field", fieldCode: arg } : { action: "forward_to", fieldCode: arg },
    };
  }
  const m = /^d:([A-Za-z0-9_-]{22}):([a-z])(\d?)$/.exec(data);
  if (!m) return null;
  const [, token = "", code = "", digit = ""] = m;
  if ((code === "r" || code === "x") && digit) {
    const reason = Number(digit);
    if (!isRejectionReasonCode(reason)) return null;
    return { token, press: { action: code === "r" ? "reason_chosen" : "reject", reason } };
  }
  const press = digit ? undefined : ACTIONS.get(code);
  return press ? { token, press: { ...press } } : null;
}

/**
 * The payload of a review card's buttons: `d:<token>:<press>` (`a` approve, `c` request changes,
 * `f` forward, `q` answer, `r` the reason menu, `r1`–`r9` a reason chosen, `x1`–`x9` reject
 * without a note, `b` back). Telegram allows 1–64 UTF-8 bytes of
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
  /** Leaves the reason menu for the card's own buttons. */
  | { action: "back" };

export interface CardCallback {
  token: string;
  press: CardPress;
}

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const CODES = { approve: "a", request_changes: "c", forward: "f", answer: "q", choose_reason: "r", back: "b" } as const;
const ACTIONS = new Map<string, CardPress>(
  Object.entries(CODES).map(([action, code]) => [code, { action } as CardPress]),
);

/** The callback_data of one button; throws `PermanentError` for a token core never minted. */
export function encodeCardCallback(token: string, press: CardPress): string {
  // A bad token is a bug upstream: retrying the delivery would fail the same way.
  if (!TOKEN.test(token)) throw new PermanentError("review token must be 22 base64url characters");
  const code =
    press.action === "reason_chosen"
      ? `r${press.reason}`
      : press.action === "reject"
        ? `x${press.reason}`
        : CODES[press.action];
  return `d:${token}:${code}`;
}

/** Parses callback_data from a button press; `null` for anything this module did not write. */
export function decodeCardCallback(data: string): CardCallback | null {
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

/**
 * Text commands on Zalo, pure. Zalo has no callback buttons, so a command is both what a person
 * types and what a button sends (`oa.query.hide` posts its payload as the user's message):
 * `#duyet TB-0042`, `#tuchoi TB-0042 7 trùng với tin đã đăng`, `#bosung TB-0042 ghi chú`.
 * `#` or `/` starts a command; the name is read without accents and case ("#Duyệt" is "#duyet");
 * the code may be glued with ':' (`#duyet:TB-0042`). In a reply quoting a card the code may be left out.
 */
import { isRejectionReasonCode, type RejectionReasonCode } from "../../core/domain.ts";
import { stripDiacritics } from "../../core/text.ts";
import { formatTrackingCode, parseTrackingCode } from "../../core/tracking-code.ts";

/** Commands of the board (decisions) and of senders, by their typed name. */
export const COMMANDS = {
  duyet: "approve",
  tuchoi: "reject",
  bosung: "request_changes",
  chuyen: "forward",
  traloi: "answer",
  trangthai: "status",
  huy: "withdraw",
  giupdo: "help",
  batdau: "start",
  lienket: "link",
} as const;
export type CommandName = keyof typeof COMMANDS;
export type CommandAction = (typeof COMMANDS)[CommandName];

export interface Command {
  action: CommandAction;
  /** "TB-0042" when the command names an item. */
  trackingCode: string | null;
  /** For `reject`: the reason 1–9 when given first in the rest. */
  reasonCode: RejectionReasonCode | null;
  /** Whatever follows: a note, an answer, a field code, amended content. */
  rest: string;
}

const COMMAND = /^\s*[#/]\s*([\p{L}]+)[\s:]*(.*)$/su;
// "TB-0042", "tb42", or bare digits; a single bare digit is a rejection reason, never a code.
const CODE = /^(?:tb\s*[-_.:]?\s*(\d{1,9})|(\d{2,9}))(?=\s|$|[,.;:])[,.;:]?\s*/iu;

/** The command in a text, or null when it is not one (or not one of ours). */
export function parseCommand(text: string): Command | null {
  const m = COMMAND.exec(text.normalize("NFC"));
  if (!m) return null;
  const name = stripDiacritics(m[1]!).toLowerCase() as CommandName;
  if (!Object.hasOwn(COMMANDS, name)) return null;
  let rest = m[2]!.trim();
  let trackingCode: string | null = null;
  const code = CODE.exec(rest);
  if (code) {
    const n = parseTrackingCode(code[1] ?? code[2]!);
    if (n) {
      trackingCode = formatTrackingCode(n);
      rest = rest.slice(code[0].length).trim();
    }
  }
  const action = COMMANDS[name];
  let reasonCode: RejectionReasonCode | null = null;
  if (action === "reject") {
    const r = /^(\d)(?=\s|$|[.,:;)-])[.,:;)-]?\s*/.exec(rest);
    const n = r ? Number(r[1]) : NaN;
    if (r && isRejectionReasonCode(n)) {
      reasonCode = n;
      rest = rest.slice(r[0].length).trim();
    }
  }
  return { action, trackingCode, reasonCode, rest };
}

/**
 * A decision typed without the `#` in a reply quoting a card: "duyệt", "Từ chối 7 …",
 * "bổ sung …". Null for anything else (which, on a question's card, is the answer).
 */
export function parseBareDecision(text: string): Command | null {
  const folded = stripDiacritics(text.normalize("NFC")).toLowerCase().trim();
  const m = /^(duyet|tu\s*choi|bo\s*sung)\b/.exec(folded);
  if (!m) return null;
  const name = m[1]!.replace(/\s+/g, "") as CommandName;
  // The same length in folded and original text: accents are single code points in NFC.
  const tail = text.normalize("NFC").trim().slice(m[0].length);
  return parseCommand(`#${name} ${tail}`);
}

/** The command text a button sends and a person can type: `#duyet TB-0042`. */
export function commandText(name: "duyet" | "tuchoi" | "bosung" | "chuyen" | "traloi", trackingCode: string): string {
  return `#${name} ${trackingCode}`;
}

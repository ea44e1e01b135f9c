/**
 * What a board member wrote on the first line of a reply to a review card: `DUYỆT`,
 * `TỪ CHỐI 7 <ghi chú>`, `BỔ SUNG <ghi chú>`; case and diacritics ignored (`duyet`, `Tu choi 7`).
 * Pure.
 */
import { isRejectionReasonCode, type RejectionReasonCode } from "../core/domain.ts";
import { stripDiacritics } from "../core/text.ts";

export type ReviewCommand =
  | { action: "approve"; note: string | null }
  | { action: "reject"; reasonCode: RejectionReasonCode; note: string | null }
  | { action: "request_changes"; note: string | null }
  | { action: "reject_without_reason" }
  | { action: "none"; firstLine: string };

/** The command on the first non-empty line of the new text (quotes already set apart). */
export function parseReviewCommand(text: string): ReviewCommand {
  const firstLine =
    text
      .split("\n")
      .find((l) => l.trim() !== "" && !l.trim().startsWith(">"))
      ?.trim() ?? "";
  // Fold only to decide which command; the note keeps the writer's own spelling.
  const folded = stripDiacritics(firstLine.normalize("NFC")).toUpperCase();
  const noteFrom = (words: number) => {
    const note = firstLine
      .split(/\s+/)
      .slice(words)
      .join(" ")
      .replace(/^[:.,\-–—\s]+/, "")
      .trim();
    return note === "" ? null : note;
  };
  if (/^DUYET\b/.test(folded)) return { action: "approve", note: noteFrom(1) };
  const reject = /^TU\s+CHOI\b[\s:.,-]*(\d+)?/.exec(folded);
  if (reject) {
    const code = reject[1] ? Number(reject[1]) : null;
    if (code === null || !isRejectionReasonCode(code)) return { action: "reject_without_reason" };
    return { action: "reject", reasonCode: code, note: noteFrom(3) };
  }
  if (/^BO\s+SUNG\b/.test(folded)) return { action: "request_changes", note: noteFrom(2) };
  return { action: "none", firstLine };
}

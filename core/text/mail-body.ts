/**
 * Separates what a sender wrote now from what came with it: quoted history ("Vào … đã viết:",
 * "On … wrote:", "> " lines), forward headers ("---------- Forwarded message ---------", "Từ:",
 * "Date:"…), signatures ("-- ", "Trân trọng,\nNguyễn Văn A\nĐT …", "Sent from my iPhone").
 *
 * A forwarded message's body is kept as content: forwarding is how a question or a complaint
 * reaches the commune second-hand, so the forwarded words are what the item is about. Only its
 * header block is set aside. Quoted replies are history: the item is the new text above them.
 * Pure and line-based; text without any of these markers comes back unchanged (as `body`).
 */

/** The parts of a message body. `body` is what to classify, compare and show first. */
export interface MailParts {
  /** The new text plus the bodies of forwarded messages, trimmed. */
  body: string;
  /** Quoted history (replies), without the "> " marks, oldest last. */
  quoted: string;
  /** The signature block(s) removed from the end of the new text and of forwarded bodies. */
  signature: string;
  /** Header lines of forwarded messages ("From: …", "Ngày: …"). */
  forwardHeaders: string[];
}

const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|original message|thư (?:đã )?chuyển tiếp|tin nhắn (?:đã )?chuyển tiếp|tin nhắn gốc|thư gốc)\s*-{2,}|begin forwarded message:?)\s*$/iu;
/** Outlook's reply separator: what follows is the message replied to, i.e. history. */
const ORIGINAL_MARKER = /^\s*-{2,}\s*(?:original message|tin nhắn gốc|thư gốc)\s*-{2,}\s*$/iu;
/** "Vào 10:05 Th 5, 6 thg 11, 2025, X <x> đã viết:", "On Mon, Nov 10, 2025 at 9:12 AM X wrote:". */
const REPLY_HEADER =
  /^\s*>?\s*(?:(?:vào|on|le|am)\s.{4,300}\s(?:đã viết|wrote|a écrit|schrieb)\s*:|.{0,200}\swrote:)\s*$/iu;
const HEADER_LINE =
  /^\s*\*?(?:from|to|cc|date|sent|subject|reply-to|từ|đến|ngày|gửi|đã gửi|tiêu đề|chủ đề|người gửi|người nhận)\*?\s*:/iu;
const SIGNATURE_DELIMITER = /^\s*(?:--|—|_{3,}|-{3,}\s*)\s*$/u;
const MOBILE_FOOTER =
  /^\s*\(?(?:sent from (?:my |mail for )?\S.*|gửi từ .*(?:iphone|android|điện thoại|mail|samsung|galaxy|ipad).*|get outlook for .*)\)?\s*$/iu;
/** A closing line after which only the sender's name and contacts follow. */
const CLOSING =
  /^\s*(?:trân trọng|trân trọng cảm ơn|kính thư|thân ái|thân mến|best regards|regards|thanks|cảm ơn|xin cảm ơn|em cảm ơn|chào thân ái)[\s.,!]*$/iu;
const MAX_SIGNATURE_LINES = 6;

/** Splits a message body into new text, quoted history, forward headers and signature. */
export function splitMailBody(text: string): MailParts {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const sections: string[][] = [[]];
  const quoted: string[] = [];
  const forwardHeaders: string[] = [];
  let mode: "body" | "quoted" | "forward-headers" = "body";

  for (const line of lines) {
    if (mode === "quoted") {
      // Everything after a reply header is history, forwards inside it included.
      quoted.push(line.replace(/^\s*>\s?/u, ""));
      continue;
    }
    if (FORWARD_MARKER.test(line) && !ORIGINAL_MARKER.test(line)) {
      mode = "forward-headers";
      sections.push([]);
      continue;
    }
    if (ORIGINAL_MARKER.test(line) || REPLY_HEADER.test(line)) {
      mode = "quoted";
      continue;
    }
    if (mode === "forward-headers") {
      if (HEADER_LINE.test(line)) {
        forwardHeaders.push(line.trim());
        continue;
      }
      if (line.trim() === "") continue;
      mode = "body";
    }
    if (/^\s*>/u.test(line)) {
      quoted.push(line.replace(/^\s*>\s?/u, ""));
      continue;
    }
    sections.at(-1)!.push(line);
  }

  const signatures: string[] = [];
  const bodies = sections.map((section) => {
    const { kept, signature } = cutSignature(section);
    if (signature) signatures.push(signature);
    return kept.join("\n").trim();
  });
  return {
    body: bodies.filter((b) => b !== "").join("\n\n"),
    quoted: quoted.join("\n").trim(),
    signature: signatures.join("\n\n"),
    forwardHeaders,
  };
}

/** Removes a trailing signature: after a delimiter or a mobile footer, or a closing and a short block. */
function cutSignature(lines: string[]): { kept: string[]; signature: string } {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  let cut = end;
  for (let i = end - 1; i >= 0 && i >= end - MAX_SIGNATURE_LINES - 2; i--) {
    const line = lines[i]!;
    if (SIGNATURE_DELIMITER.test(line) || MOBILE_FOOTER.test(line)) cut = i;
    else if (CLOSING.test(line) && end - i - 1 <= MAX_SIGNATURE_LINES && allShort(lines.slice(i + 1, end))) cut = i;
  }
  // A delimiter far up (a long "--" block) is not a signature: keep the text whole.
  if (cut === end || cut === 0) return { kept: lines.slice(0, end), signature: "" };
  return { kept: lines.slice(0, cut), signature: lines.slice(cut, end).join("\n").trim() };
}

function allShort(lines: string[]): boolean {
  return lines.every((l) => l.length <= 80);
}

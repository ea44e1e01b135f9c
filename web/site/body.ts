/**
 * Published text as HTML. Whatever came in (a chat message, an e-mail's text, a form), a body is
 * plain text: it is escaped whole, then split into paragraphs and line breaks, and web addresses
 * become links. No markup from a sender ever reaches a page.
 */
import { escapeHtml, Html } from "./html.ts";

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/giu;

/** One paragraph's text with its links, escaped. */
function inline(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const href = m[0];
    if (!URL.canParse(href)) continue;
    out += escapeHtml(text.slice(last, m.index));
    out += `<a href="${escapeHtml(href)}" rel="nofollow ugc noopener noreferrer">${escapeHtml(href)}</a>`;
    last = m.index + href.length;
  }
  return out + escapeHtml(text.slice(last)).replace(/\n/g, "<br>");
}

/** Paragraphs split on blank lines; single line breaks kept. */
export function textToHtml(text: string): Html {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return new Html(paragraphs.map((p) => `<p>${inline(p)}</p>`).join("\n"));
}

/** A one-line plain-text summary for listings and meta descriptions. */
export function summary(text: string, maxChars = 180): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length <= maxChars) return chars.join("");
  const cut = chars.slice(0, maxChars - 1).join("");
  const space = cut.lastIndexOf(" ");
  return (space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.\-–—]+$/u, "") + "…";
}

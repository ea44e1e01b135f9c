/**
 * One template, two parts: a mail's plain text and its HTML are made from the same paragraphs, so
 * they never say different things. The HTML escapes everything and only links what looks like a
 * web address. Pure.
 */

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

function lineToHtml(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    out += escapeHtml(line.slice(last, m.index));
    out += `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

export interface RenderedMail {
  text: string;
  html: string;
}

/** Blocks of text (paragraphs; lines within them kept) as the text part and the HTML part. */
export function renderMail(blocks: readonly string[], opts: { title: string }): RenderedMail {
  const paragraphs = blocks
    .map((b) => b.normalize("NFC").replace(/\r\n?/g, "\n").trim())
    .filter((b) => b !== "")
    .flatMap((b) => b.split(/\n{2,}/));
  const text = paragraphs.join("\n\n") + "\n";
  const body = paragraphs
    .map((p) => `<p style="margin:0 0 1em 0">${p.split("\n").map(lineToHtml).join("<br>\n")}</p>`)
    .join("\n");
  const html =
    `<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(opts.title.normalize("NFC"))}</title></head>\n` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">\n${body}\n</body></html>\n`;
  return { text, html };
}

/**
 * A mail body as Bantin keeps it: HTML sanitised (no scripts, no remote images, no styles) and
 * turned into text, and the new text separated from the quoted history and the signature, both
 * kept. Pure, no I/O; runs in the parsing worker (erasable TypeScript only).
 */
import sanitizeHtml from "sanitize-html";

/** HTML a reviewer may see: structure and links only; remote images and active content are gone. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "p",
      "br",
      "div",
      "span",
      "b",
      "strong",
      "i",
      "em",
      "u",
      "ul",
      "ol",
      "li",
      "blockquote",
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "table",
      "thead",
      "tbody",
      "tr",
      "td",
      "th",
      "a",
      "pre",
      "hr",
    ],
    allowedAttributes: { a: ["href"] },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    // Contents of these are dropped with the tag (not turned into text).
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "head", "title", "template"],
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const n = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Text of an HTML body: sanitised first, block elements become line breaks, links keep their
 * target in brackets, and quoted blocks (`<blockquote>`, Gmail's and Outlook's quote containers)
 * become `> ` lines so the reply splitter can set them apart.
 */
export function htmlToText(html: string): string {
  const marked = html
    // Gmail, Apple Mail, Thunderbird and Outlook.com quote containers are quotes too.
    .replace(/<div[^>]*class="[^"]*(gmail_quote|moz-cite-prefix|yahoo_quoted)[^"]*"[^>]*>/gi, "<blockquote>")
    .replace(/<div[^>]*id="(divRplyFwdMsg|appendonsend)"[^>]*>/gi, "<blockquote>")
    // Gmail's and Outlook's signature blocks start a "-- " signature for the splitter.
    .replace(/<div[^>]*(class="[^"]*gmail_signature[^"]*"|id="Signature")[^>]*>/gi, "<div>-- </div><div>");
  const clean = sanitizeMailHtml(marked);
  let depth = 0;
  const out: string[] = [];
  let line = "";
  const flush = () => {
    const prefix = depth > 0 ? "> ".repeat(depth) : "";
    out.push(prefix + line.replace(/[ \t\u00a0]+/g, " ").trim());
    line = "";
  };
  const tokens = clean.split(/(<[^>]+>)/);
  let href: string | null = null;
  let linkText = "";
  for (const t of tokens) {
    if (!t) continue;
    if (t[0] !== "<") {
      const text = decodeEntities(t.replace(/\s+/g, " "));
      if (href !== null) linkText += text;
      line += text;
      continue;
    }
    const m = /^<(\/?)([a-z0-9]+)([^>]*)>$/i.exec(t);
    if (!m) continue;
    const closing = m[1] === "/";
    const tag = m[2]!.toLowerCase();
    if (tag === "br") flush();
    else if (tag === "blockquote") {
      if (line.trim()) flush();
      depth = Math.max(0, depth + (closing ? -1 : 1));
    } else if (tag === "a") {
      if (!closing) {
        href = decodeEntities(/href="([^"]*)"/i.exec(m[3] ?? "")?.[1] ?? "");
        linkText = "";
      } else {
        const target = href ?? "";
        if (target && !target.startsWith("mailto:") && linkText.trim() !== target) line += ` [${target}]`;
        href = null;
      }
    } else if (tag === "li" && !closing) {
      if (line.trim()) flush();
      line = "- ";
    } else if (/^(p|div|h[1-6]|tr|ul|ol|table|pre|hr|li)$/.test(tag)) {
      if (line.trim()) flush();
      if (closing && /^(p|h[1-6]|table)$/.test(tag)) out.push(depth > 0 ? "> ".repeat(depth).trimEnd() : "");
    } else if ((tag === "td" || tag === "th") && closing) line += " ";
  }
  if (line.trim()) flush();
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/(\n>+)+\s*$/, "")
    .trim();
}

export interface SplitBody {
  /** What the writer wrote now. */
  text: string;
  /** The history they quoted (with its attribution line), kept apart. */
  quoted: string;
  /** Their signature, kept apart. */
  signature: string;
}

// "On Mon, 16 Nov 2026 at 09:12, An <an@x.vn> wrote:", "Vào 9:12 Th 2, 16 thg 11, 2026 An <…> đã viết:",
// Outlook's header block, Apple Mail's "Le … a écrit :" style lines.
const ATTRIBUTION = [
  /^on .{4,200}wrote:\s*$/i,
  /^(vào|vao) .{4,200}(đã viết|da viet|viết):\s*$/iu,
  /^-{2,}\s*(original message|tin nhắn gốc|thư gốc)\s*-{2,}\s*$/iu,
  /^_{10,}\s*$/,
  /^(from|từ):\s.+$/iu,
];
const OUTLOOK_HEADER_NEXT = /^(sent|date|gửi|ngày gửi|đã gửi|to|đến|subject|chủ đề):/iu;
const SIGNATURE = [/^-- ?$/, /^(sent from|gửi từ|được gửi từ|get outlook for|sent with) .{1,80}$/iu];
// Forwarded content is the writer's content, not history: it stays in the text.
const FORWARD = /^-{5,}\s*(forwarded message|tin nhắn chuyển tiếp|thư chuyển tiếp)\s*-{5,}/iu;

/** Splits a plain-text body into new text, quoted history and signature. */
export function splitReply(body: string): SplitBody {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const text: string[] = [];
  const quoted: string[] = [];
  const signature: string[] = [];
  let mode: "text" | "quoted" | "signature" = "text";
  let forwarded = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (FORWARD.test(trimmed)) forwarded = true;
    if (mode === "text" && !forwarded) {
      const next = lines[i + 1]?.trim() ?? "";
      const attribution =
        ATTRIBUTION.slice(0, 4).some((re) => re.test(trimmed)) ||
        (ATTRIBUTION[4]!.test(trimmed) && OUTLOOK_HEADER_NEXT.test(next));
      // A two-line Gmail attribution: "On Mon, … <an@x.vn>" / "wrote:".
      const wrapped = /^on .{4,200}$/i.test(trimmed) && /^.{0,80}wrote:\s*$/i.test(next);
      if (attribution || wrapped || /^>/.test(trimmed)) mode = "quoted";
      else if (SIGNATURE.some((re) => re.test(line.trimEnd()))) mode = "signature";
    } else if (mode === "signature" && (/^>/.test(trimmed) || ATTRIBUTION[0]!.test(trimmed))) mode = "quoted";
    if (mode === "text") text.push(line);
    else if (mode === "quoted") quoted.push(line);
    else signature.push(line);
  }
  const join = (a: string[]) =>
    a
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  return { text: join(text), quoted: join(quoted), signature: join(signature) };
}

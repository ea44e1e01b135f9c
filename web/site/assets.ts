/**
 * The site's static files (one stylesheet, one icon): read once at start, named by a hash of
 * their content so they can be cached for a year, and kept compressed in memory.
 *
 * The stylesheet is small (about 1.5 kB compressed), so pages also carry it inline: a phone on
 * mobile data renders the first page without waiting for a second request. The CSP allows that
 * one inline style by its hash, and nothing else.
 */
import { createHash } from "node:crypto";
import { trustedHtml, type Html } from "./html.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compressAll, type Compressed } from "./respond.ts";

const DIR = join(import.meta.dirname, "assets");
const FILES: Record<string, string> = {
  "site.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
};

export interface Asset extends Compressed {
  path: string;
  contentType: string;
  etag: string;
}

export interface Assets {
  /** The hashed address of a file, e.g. "/static/site.3f2a…9c.css". */
  url(name: string): string;
  byPath: Map<string, Asset>;
  /** `<style>…</style>` with the site's stylesheet, and its CSP source ('sha256-…'). */
  inlineStyle: Html;
  inlineStyleSource: string;
}

export function loadAssets(): Assets {
  const byName = new Map<string, Asset>();
  for (const [name, contentType] of Object.entries(FILES)) {
    const body = readFileSync(join(DIR, name));
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const dot = name.lastIndexOf(".");
    const path = `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
    byName.set(name, { path, contentType, etag: `"${hash}"`, ...compressAll(body) });
  }
  const css = readFileSync(join(DIR, "site.css"), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
  if (css.includes("</")) throw new Error("site.css must not contain '</'");
  return {
    inlineStyle: trustedHtml(`<style>${css}</style>`),
    inlineStyleSource: `'sha256-${createHash("sha256").update(css).digest("base64")}'`,
    url: (name) => {
      const a = byName.get(name);
      if (!a) throw new Error(`no asset ${name}`);
      return a.path;
    },
    byPath: new Map([...byName.values()].map((a) => [a.path, a])),
  };
}

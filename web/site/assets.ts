/**
 * The site's static files (one stylesheet, one icon): read once at start, named by a hash of
 * their content so they can be cached for a year, and kept compressed in memory.
 */
import { createHash } from "node:crypto";
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
  return {
    url: (name) => {
      const a = byName.get(name);
      if (!a) throw new Error(`no asset ${name}`);
      return a.path;
    },
    byPath: new Map([...byName.values()].map((a) => [a.path, a])),
  };
}

/**
 * Attachments of published items, served with safe headers: images re-encoded by sharp at a
 * width for phones (which also drops whatever else the file carried — metadata, scripts in SVG
 * are never served inline), other files as downloads with `nosniff` and a sandboxing CSP.
 */
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { attachmentPath } from "../../core/attachments/store.ts";

export interface ImageSize {
  width: number;
  height: number;
}

const sizes = new Map<string, ImageSize | null>();

/** The stored image's dimensions (header only), remembered: the file never changes. */
export async function imageSize(dataDir: string, sha256: string): Promise<ImageSize | null> {
  if (sizes.has(sha256)) return sizes.get(sha256)!;
  const size = await sharp(attachmentPath(dataDir, sha256))
    .metadata()
    .then((m) => (m.width && m.height ? { width: m.autoOrient.width, height: m.autoOrient.height } : null))
    .catch(() => null);
  if (sizes.size > 10_000) sizes.clear();
  sizes.set(sha256, size);
  return size;
}

/** A resized copy as WebP, at most `width` pixels wide, upright, without metadata. */
export async function resizedImage(dataDir: string, sha256: string, width: number): Promise<Buffer> {
  const input = await readFile(attachmentPath(dataDir, sha256));
  return sharp(input, { limitInputPixels: 50_000_000 })
    .autoOrient()
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 72 })
    .toBuffer();
}

/** `attachment; filename*=UTF-8''…` with a plain ASCII fallback. */
export function contentDisposition(name: string | null, fallback: string): string {
  const clean =
    (name ?? "")
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\u0000-\u001F\u007F"\\/]/g, "")
      .trim() || fallback;
  const ascii = clean
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7E]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

/** Smallest valid files of a few formats, as their signatures make them: what the attachment store recognises. */
import { createHash } from "node:crypto";

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082",
  "hex",
);

/** A PDF with nothing in it. */
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** A PNG with `n` appended: a different file (another sha256) that still reads as a PNG. */
export const pngVariant = (n: number) => Buffer.concat([PNG, Buffer.from([n])]);

export const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

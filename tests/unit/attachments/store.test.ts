import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AttachmentTooLargeError,
  attachmentPath,
  hasAttachment,
  openAttachment,
  storeAttachment,
} from "../../../core/attachments/store.ts";
import { PDF, PNG, sha256 } from "../../support/sample-files.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bantin-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(total: number, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < total; sent += size) yield new Uint8Array(Math.min(size, total - sent)).fill(0x41);
}

describe("attachment store", () => {
  it("stores a file under its sha256 and reads its type from the content", async () => {
    const stored = await storeAttachment(dir, PNG, {
      maxBytes: 1_000,
      declaredType: "image/png",
      originalName: "a.png",
    });
    expect(stored).toEqual({
      sha256: sha256(PNG),
      size: PNG.length,
      contentType: "image/png",
      declaredType: "image/png",
      typeMismatch: false,
    });
    expect(await readFile(attachmentPath(dir, stored.sha256))).toEqual(PNG);
    expect(await hasAttachment(dir, stored.sha256)).toBe(true);
  });

  it("keeps one file for the same content stored twice", async () => {
    await storeAttachment(dir, PDF, { maxBytes: 1_000 });
    await storeAttachment(dir, PDF, { maxBytes: 1_000, originalName: "copy.pdf" });
    const h = sha256(PDF);
    expect(await readdir(join(dir, "attachments", h.slice(0, 2), h.slice(2, 4)))).toEqual([h]);
    expect(await readdir(join(dir, "attachments", "tmp"))).toEqual([]);
  });

  it("reports a declared type or a file name the content contradicts", async () => {
    const claimsJpeg = await storeAttachment(dir, PDF, { maxBytes: 1_000, declaredType: "image/jpeg" });
    expect(claimsJpeg).toMatchObject({ contentType: "application/pdf", typeMismatch: true });
    const namedPng = await storeAttachment(dir, PDF, { maxBytes: 1_000, originalName: "anh.png" });
    expect(namedPng.typeMismatch).toBe(true);
    const text = await storeAttachment(dir, Buffer.from("<script>alert(1)</script>"), {
      maxBytes: 1_000,
      declaredType: "image/gif",
      originalName: "x.gif",
    });
    expect(text).toMatchObject({ contentType: "text/plain", typeMismatch: true });
  });

  it("treats unsigned UTF-8 as text and binary noise as octet-stream, without trusting generic claims", async () => {
    const note = await storeAttachment(dir, Buffer.from("Kính gửi UBND xã,\n", "utf8"), {
      maxBytes: 1_000,
      declaredType: "application/octet-stream",
      originalName: "ghi-chu.txt",
    });
    expect(note).toMatchObject({ contentType: "text/plain", declaredType: null, typeMismatch: false });
    const noise = await storeAttachment(dir, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]), { maxBytes: 1_000 });
    expect(noise).toMatchObject({ contentType: "application/octet-stream", typeMismatch: false });
  });

  it("streams large files and refuses one over the limit, keeping nothing", async () => {
    const stored = await storeAttachment(dir, chunks(3 * 1024 * 1024), { maxBytes: 4 * 1024 * 1024 });
    expect(stored.size).toBe(3 * 1024 * 1024);
    const back: Buffer[] = [];
    for await (const c of openAttachment(dir, stored.sha256)) back.push(c as Buffer);
    expect(Buffer.concat(back).length).toBe(stored.size);

    await expect(storeAttachment(dir, chunks(5 * 1024 * 1024), { maxBytes: 4 * 1024 * 1024 })).rejects.toBeInstanceOf(
      AttachmentTooLargeError,
    );
    expect(await readdir(join(dir, "attachments", "tmp"))).toEqual([]);
  });

  it("refuses a path that is not a digest", () => {
    expect(() => attachmentPath(dir, "../../etc/passwd")).toThrow(/sha256/);
  });
});

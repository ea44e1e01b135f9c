/**
 * Files people send the bot: which file a message carries, and its download (getFile, then
 * `<apiRoot>/file/bot<token>/<path>`) streamed into the attachment store. The Bot API serves
 * files up to 20 MB; larger ones are refused before anything is downloaded.
 */
import type { Api } from "grammy";
import type { Message } from "grammy/types";
import { storeAttachment, type StoredAttachment } from "../../core/attachments/store.ts";
import { PermanentError } from "../../core/errors.ts";

/** The Bot API's own limit on downloads through getFile. */
export const BOT_API_DOWNLOAD_MAX = 20 * 1024 * 1024;

export interface MessageFile {
  fileId: string;
  /** Stable across bots and time; the same file sent twice has the same one. */
  fileUniqueId: string;
  size: number | null;
  name: string | null;
  declaredType: string | null;
}

/** The file a message carries (the largest size of a photo), or null. */
export function fileOf(msg: Message): MessageFile | null {
  const f = (
    x: { file_id: string; file_unique_id: string; file_size?: number },
    name?: string | null,
    type?: string | null,
  ): MessageFile => ({
    fileId: x.file_id,
    fileUniqueId: x.file_unique_id,
    size: x.file_size ?? null,
    name: name ?? null,
    declaredType: type ?? null,
  });
  if (msg.photo?.length) return f(msg.photo.at(-1)!, null, "image/jpeg");
  if (msg.document) return f(msg.document, msg.document.file_name, msg.document.mime_type);
  if (msg.video) return f(msg.video, msg.video.file_name, msg.video.mime_type);
  if (msg.animation) return f(msg.animation, msg.animation.file_name, msg.animation.mime_type);
  if (msg.voice) return f(msg.voice, null, msg.voice.mime_type);
  if (msg.audio) return f(msg.audio, msg.audio.file_name, msg.audio.mime_type);
  if (msg.video_note) return f(msg.video_note, null, "video/mp4");
  return null;
}

/** Largest file the bot takes: the store's limit, and never more than the Bot API serves. */
export function downloadLimit(storeMaxBytes: number, apiRoot: string): number {
  // A local Bot API server (`--local`) serves files of any size; api.telegram.org stops at 20 MB.
  const official = /^https:\/\/api\.telegram\.org\/?$/.test(apiRoot);
  return official ? Math.min(storeMaxBytes, BOT_API_DOWNLOAD_MAX) : storeMaxBytes;
}

export interface DownloadDeps {
  api: Api;
  token: string;
  apiRoot: string;
  dataDir: string;
  maxBytes: number;
}

/** Downloads one file into the store. Network failures throw; a refused file throws `PermanentError`. */
export async function downloadToStore(deps: DownloadDeps, file: MessageFile): Promise<StoredAttachment> {
  const info = await deps.api.getFile(file.fileId);
  if (!info.file_path) throw new PermanentError("Telegram gave no path for the file");
  const url = `${deps.apiRoot.replace(/\/+$/, "")}/file/bot${deps.token}/${info.file_path}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (res.status === 404 || res.status === 400) throw new PermanentError(`Telegram refused the file (${res.status})`);
  if (!res.ok || !res.body) throw new Error(`file download failed with HTTP ${res.status}`);
  return storeAttachment(deps.dataDir, res.body, {
    maxBytes: deps.maxBytes,
    declaredType: file.declaredType,
    originalName: file.name,
  });
}

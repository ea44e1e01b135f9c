/**
 * What a publication says: its slug, title, attribution, and a question stripped of the
 * citizen's personal data.
 */
import { excerpt, stripDiacritics } from "../text.ts";

/** "Hội nghị tổng kết năm 2026!" + 42 → "hoi-nghi-tong-ket-nam-2026-42": unique through the number. */
export function slugFor(title: string, trackingNumber: number): string {
  const base = stripDiacritics(title.normalize("NFC"))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return base ? `${base}-${trackingNumber}` : `tin-${trackingNumber}`;
}

/** A title from the subject, else the first line of the text. */
export function titleFor(subject: string | null, text: string): string {
  const first = (subject?.trim() || text.trim().split(/\n/)[0] || "").trim();
  return excerpt(first || "Không có tiêu đề", 140);
}

/** "Nguyễn Văn An" → "N.V.A."; no name → "Người dân". */
export function initials(fullName: string | null): string {
  const parts = (fullName ?? "").normalize("NFC").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "Người dân";
  return parts.map((p) => `${p[0]!.toLocaleUpperCase("vi")}.`).join("");
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const PHONE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}\b/g;
const ID_NUMBER = /\b\d{9}(?:\d{3})?\b/g;

/** Hides phone numbers, e-mail addresses and ID numbers before a question is published. */
export function withoutPersonalData(text: string): string {
  return text.replace(EMAIL, "[đã ẩn]").replace(PHONE, "[đã ẩn]").replace(ID_NUMBER, "[đã ẩn]");
}

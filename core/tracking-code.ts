/**
 * Tracking codes (mã theo dõi): "TB-0042" — short, unambiguous, easy to read aloud on the phone.
 * The number is the submission's database sequence; the code is only its spelling.
 */
const PREFIX = "TB";

/** 42 → "TB-0042"; numbers past 9999 simply grow. */
export function formatTrackingCode(n: number): string {
  return `${PREFIX}-${String(n).padStart(4, "0")}`;
}

/** The same spelling in SQL, for a statement that draws the number itself (`column` is an int expression). */
export function trackingCodeSql(column: string): string {
  return `'${PREFIX}-' || lpad(${column}::text, greatest(4, length(${column}::text)), '0')`;
}

/** Accepts what people type: "TB-0042", "tb0042", "tb 42", "#TB-42", "0042". Returns null otherwise. */
export function parseTrackingCode(input: string): number | null {
  const m = /^\s*#?\s*(?:tb\s*[-_.:]?\s*)?(\d{1,9})\s*$/i.exec(input.normalize("NFC"));
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

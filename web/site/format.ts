/** Dates and sizes as a Vietnamese reader expects them, in the commune's time zone. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("vi-VN", { timeZone, day: "2-digit", month: "2-digit", year: "numeric" });
    dateFormats.set(timeZone, f);
  }
  return f;
}

/** "22/11/2026" in the given time zone. */
export function formatDate(d: Date, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")}`;
}

/** "1,2 MB", "340 KB": sizes of documents offered for download. */
export function formatSize(bytes: number): string {
  const nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

/** What the site needs to know about its installation, from the service's configuration. */
import type { Config } from "../../core/config.ts";

/** A notice shown on every page from `from` until `until` (either open-ended). */
export interface MaintenanceNotice {
  text: string;
  from: Date | null;
  until: Date | null;
}

export interface SiteSettings {
  /** The site's public address, no trailing slash. */
  baseUrl: string;
  commune: Config["commune"];
  timeZone: string;
  dataDir: string;
  notice: MaintenanceNotice | null;
}

/** The notice's text when it is active at `now`. */
export function activeNotice(notice: MaintenanceNotice | null, now: Date): string | null {
  if (!notice) return null;
  if (notice.from && now < notice.from) return null;
  if (notice.until && now >= notice.until) return null;
  return notice.text;
}

/**
 * What every use case receives: the database door, the job sink, the classifier and the few
 * settings core needs. Built once in the composition root (or a test).
 */
import type { HolidayAdjustments } from "./calendar/working-days.ts";
import type { DeadlineSettings } from "./classify/deadline.ts";
import type { Classifier } from "./classify/types.ts";
import type { Db } from "./db.ts";
import type { ApprovalPolicy, Channel } from "./domain.ts";
import type { Logger } from "./logger.ts";
import type { JobSink } from "./ports.ts";

export interface CoreSettings {
  approvalPolicy: ApprovalPolicy;
  /** The public site's base URL, for links in messages (no trailing slash). */
  publicBaseUrl: string;
  timeZone: string;
  /** Channels a message can leave on now (those with a registered sender). */
  reachableChannels: readonly Channel[];
  /** Below this classifier confidence an item goes to the secretariat to be confirmed. */
  confidenceThreshold: number;
  /**
   * Group chats where the whole board sees every card (e.g. a Telegram group): each gets one
   * more copy of each card, closed like the others when someone decides.
   */
  boardChats?: ReadonlyArray<{ channel: Channel; address: string }>;
  /** The attachment store (core/attachments/store.ts): its directory and the largest file it takes. */
  attachments: { dataDir: string; maxBytes: number };
  /** Working days allowed to send news, documents, plans/reports, articles (default 2, 3, 5, 7). */
  deadlines?: DeadlineSettings;
  /** Days off and weekend workdays decided for the year beyond the statutory holidays (ISO dates). */
  holidays?: HolidayAdjustments;
}

export interface CoreDeps {
  db: Db;
  jobs: JobSink;
  classifier: Classifier;
  settings: CoreSettings;
  log: Logger;
  now?: () => Date;
}

export const DEFAULT_CONFIDENCE_THRESHOLD = 0.35;

export function now(deps: Pick<CoreDeps, "now">): Date {
  return deps.now ? deps.now() : new Date();
}

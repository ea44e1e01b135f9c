/** What the site's route modules share: the app, the database, settings, and page helpers. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CoreDeps } from "../../core/context.ts";
import type { Db } from "../../core/db.ts";
import type { Logger } from "../../core/logger.ts";
import type { FormTiming } from "./form.ts";
import type { Html } from "./html.ts";
import type { PageMeta } from "./layout.ts";
import type { FormErrors, FormValues } from "./pages/question-form.ts";
import type { Rendered } from "./respond.ts";
import type { SiteSettings } from "./settings.ts";

export const NO_STORE = "no-store";
export const XML = "application/xml; charset=utf-8";

export interface SiteContext {
  app: FastifyInstance;
  db: Db;
  core: CoreDeps;
  settings: SiteSettings;
  log: Logger;
  now: () => Date;
  /** The commune's time zone and the site's base URL, from `settings`. */
  tz: string;
  base: string;
  /** A whole page (layout around `main`), rendered and compressed. */
  page(meta: PageMeta, main: Html, opts?: { status?: number; cacheControl?: string }): Rendered;
  /** Sends the page cached under `key`, rendering it on a miss. */
  cached(req: FastifyRequest, reply: FastifyReply, key: string, render: () => Promise<Rendered>): Promise<FastifyReply>;
  notFound(): Rendered;
  /** The key that signs form tokens and the CSRF cookie. */
  secret: Buffer;
  timing: FormTiming;
  formRateLimit?: { max: number; timeWindowMs: number };
}

/** The question form, rendered for this reply (with a fresh CSRF token). */
export type FormPage = (
  reply: FastifyReply,
  status: number,
  values?: FormValues,
  errors?: FormErrors,
  formToken?: string,
) => Promise<Rendered>;

/**
 * SMTP failures sorted for the delivery queue: 4xx and lost connections are retried with
 * backoff; 5xx is permanent and recorded, except 503 (bad sequence of commands), which a fresh
 * connection usually clears.
 */
import { DeliveryError } from "../../core/errors.ts";

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
}

/** True when retrying the same message cannot help. */
export function isPermanentSmtpError(e: SmtpError): boolean {
  const code = e.responseCode;
  if (typeof code === "number") return code >= 500 && code !== 503;
  return false;
}

/** A `DeliveryError` for anything nodemailer threw. */
export function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  const err = (e ?? {}) as SmtpError;
  const detail = err.response ?? err.message ?? String(e);
  const code = err.responseCode ? `${err.responseCode} ` : err.code ? `${err.code} ` : "";
  return new DeliveryError(`smtp: ${code}${detail}`.slice(0, 500), isPermanentSmtpError(err));
}

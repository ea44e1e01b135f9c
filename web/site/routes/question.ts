/**
 * The question form (the `web` channel), the status page by tracking code, and where review
 * cards link. Rendered per request, never cached.
 */
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import type { FastifyReply, FastifyRequest } from "fastify";
import { receiveInbound } from "../../../core/intake/receive.ts";
import { formatTrackingCode, parseTrackingCode } from "../../../core/tracking-code.ts";
import { canonicalContact, checkFormToken, issueFormToken, readForm } from "../form.ts";
import { t } from "../messages.ts";
import {
  acknowledgementPage,
  questionFormPage,
  statusPage,
  type FormErrors,
  type FormValues,
} from "../pages/question-form.ts";
import { send, type Rendered } from "../respond.ts";
import { fieldsWithCounts, submissionStatus, webMessages } from "../store.ts";
import { NO_STORE, type FormPage, type SiteContext } from "../context.ts";

/** Registers the form, the status page and `/theo-doi`; returns the form renderer for the error handler. */
export async function questionRoutes(ctx: SiteContext): Promise<{ formPage: FormPage }> {
  const { app, db, log, now, tz, base, page, notFound, secret, timing, core, formRateLimit } = ctx;
  // -- the question form -----------------------------------------------------------------------
  const fieldList = () => fieldsWithCounts(db).then((fs) => fs.map(({ code, name }) => ({ code, name })));
  const formPage = async (
    reply: FastifyReply,
    status: number,
    values?: FormValues,
    errors?: FormErrors,
    /** Keep the token the person already has (sent too fast: its clock keeps running). */
    formToken?: string,
  ): Promise<Rendered> => {
    const csrfToken = reply.generateCsrf();
    return page(
      { title: t.form.title, description: t.form.description, path: "/gui-cau-hoi", section: "ask" },
      questionFormPage({
        fields: await fieldList(),
        csrfToken,
        formToken: formToken ?? issueFormToken(secret, now().getTime()),
        values,
        errors,
      }),
      { status, cacheControl: NO_STORE },
    );
  };

  // Cookies and CSRF only where the form is: every other page is spared their hooks.
  await app.register(async (form) => {
    await form.register(fastifyCookie, { secret: secret.toString("base64") });
    await form.register(fastifyCsrf, {
      sessionPlugin: "@fastify/cookie",
      cookieKey: "bantin-csrf",
      cookieOpts: {
        path: "/gui-cau-hoi",
        httpOnly: true,
        sameSite: "lax",
        signed: true,
        secure: base.startsWith("https:"),
      },
    });
    form.get("/gui-cau-hoi", async (req, reply) => send(req, reply, await formPage(reply, 200)));

    const rate = formRateLimit ?? { max: 10, timeWindowMs: 3_600_000 };
    form.post(
      "/gui-cau-hoi",
      {
        config: {
          rateLimit: {
            max: rate.max,
            timeWindow: rate.timeWindowMs,
            errorResponseBuilder: () => Object.assign(new Error("rate limited"), { statusCode: 429 }),
          },
        },
        // A missing or wrong token is sent to the error handler, which shows the form again.
        preHandler: form.csrfProtection,
      },
      async (req, reply) => {
        const fields = await fieldList();
        const { values, errors, honeypot } = readForm(req.body, new Set(fields.map((f) => f.code)));
        const token = checkFormToken(
          secret,
          (req.body as Record<string, unknown> | undefined)?.form,
          timing,
          now().getTime(),
        );
        if (honeypot || !token.ok) {
          const reason = honeypot ? "honeypot" : (token as { reason: string }).reason;
          log.info({ reason }, "question form refused");
          const message = reason === "expired" ? t.form.errors.expired : t.form.errors.tooFast;
          const keep = reason === "too_fast" ? String((req.body as Record<string, unknown>).form) : undefined;
          return send(req, reply, await formPage(reply, 422, values, { form: message }, keep));
        }
        if (Object.keys(errors).length > 0) return send(req, reply, await formPage(reply, 422, values, errors));

        const contact = canonicalContact(values.contact)!;
        const received = await receiveInbound(core, {
          channel: "web",
          externalId: `form:${token.nonce}`,
          sender: { externalId: contact.value, displayName: values.name },
          text: values.question,
          fieldHint: values.field || null,
          payload: {
            form: { name: values.name, contact: values.contact, field: values.field, question: values.question },
            contactKind: contact.kind,
          },
          receivedAt: now(),
        });
        log.info(
          { submissionId: received.submissionId, trackingCode: received.trackingCode, duplicate: received.duplicate },
          "question received from the web form",
        );
        return send(
          req,
          reply,
          page(
            { title: t.ack.title, description: t.form.description, path: null, section: "ask", noindex: true },
            acknowledgementPage(received.trackingCode, received.duplicate),
            { cacheControl: NO_STORE },
          ),
        );
      },
    );
  });

  // -- status by tracking code -----------------------------------------------------------------
  // GET for links (?ma=TB-0042); POST when a contact is given, so it stays out of addresses and logs.
  const status = async (req: FastifyRequest, reply: FastifyReply, input: Record<string, unknown>) => {
    const str = (v: unknown, max: number) => (typeof v === "string" ? v.normalize("NFC").trim().slice(0, max) : "");
    const raw = str(input.ma, 20);
    const contactRaw = str(input["lien-he"], 120);
    const contact = contactRaw ? canonicalContact(contactRaw) : null;
    const n = raw ? parseTrackingCode(raw) : null;
    const s = n ? await submissionStatus(db, n) : null;
    const problem = !raw
      ? null
      : !n
        ? t.status.invalid
        : !s
          ? t.status.notFound(formatTrackingCode(n))
          : contactRaw && !contact
            ? t.form.errors.contact
            : null;
    const messages = s && contact ? await webMessages(db, s.trackingNumber, contact.value) : null;
    return send(
      req,
      reply,
      page(
        { title: t.status.title, description: t.status.description, path: "/trang-thai", section: "status" },
        statusPage({
          query: raw,
          contact: contactRaw,
          problem,
          found: s ? { ...s, trackingCode: formatTrackingCode(s.trackingNumber) } : null,
          messages,
          timeZone: tz,
        }),
        { status: raw && !s ? 404 : 200, cacheControl: NO_STORE },
      ),
    );
  };
  // Review cards link here ("Xem đầy đủ"). The board's full view of an item needs a sign-in the
  // site does not have yet; until then the link shows what anyone may see: the public status.
  app.get<{ Params: { code: string } }>("/theo-doi/:code", (req, reply) => {
    const n = parseTrackingCode(req.params.code);
    if (!n) return send(req, reply, notFound());
    return reply.redirect(`/trang-thai?ma=${formatTrackingCode(n)}`, 302);
  });
  const statusLimit = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };
  app.get<{ Querystring: Record<string, unknown> }>("/trang-thai", statusLimit, (req, reply) =>
    status(req, reply, { ma: req.query.ma }),
  );
  app.post("/trang-thai", statusLimit, (req, reply) =>
    status(req, reply, (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>),
  );
  return { formPage };
}

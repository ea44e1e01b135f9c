/** The question form, its acknowledgement with the tracking code, and the status page. */
import { textToHtml } from "../body.ts";
import { formatDate } from "../format.ts";
import { formatDateTime } from "../../../core/messages/vi.ts";
import { html, type Html } from "../html.ts";
import { KIND_LABELS, STATUS_LABELS, t } from "../messages.ts";
import type { FieldRef, SubmissionStatus } from "../store.ts";
import { itemPath } from "./common.ts";

export interface FormValues {
  name: string;
  contact: string;
  field: string;
  question: string;
}

export type FormErrors = Partial<Record<keyof FormValues | "form", string>>;

const EMPTY: FormValues = { name: "", contact: "", field: "", question: "" };

export function questionFormPage(p: {
  fields: FieldRef[];
  csrfToken: string;
  formToken: string;
  values?: FormValues;
  errors?: FormErrors;
}): Html {
  const v = p.values ?? EMPTY;
  const e = p.errors ?? {};
  const problems = Object.entries(e) as Array<[keyof FormErrors, string]>;
  const hinted = (k: keyof FormValues) => k === "contact" || k === "question";
  const invalid = (k: keyof FormValues) => {
    const ids = [e[k] ? `${k}-error` : "", hinted(k) ? `${k}-hint` : ""].filter(Boolean).join(" ");
    return html`${e[k] ? html` aria-invalid="true"` : ""}${ids ? html` aria-describedby="${ids}"` : ""}`;
  };
  const error = (k: keyof FormValues) => (e[k] ? html`<p class="error" id="${k}-error">${e[k]}</p>` : "");
  const req = html`<span class="req">${t.form.required}</span>`;
  return html`<h1 class="page-title">${t.form.title}</h1>
    <p>${t.form.intro}</p>
    ${
      problems.length
        ? html`<div class="error-summary" role="alert">
            <h2>${t.form.errorsTitle}</h2>
            <ul>
              ${problems.map(([k, m]) =>
                k === "form" ? html`<li>${m}</li>` : html`<li><a href="#${k}">${m}</a></li>`,
              )}
            </ul>
          </div>`
        : ""
    }
    <form class="ask-form" action="/gui-cau-hoi" method="post" accept-charset="utf-8">
      <input type="hidden" name="_csrf" value="${p.csrfToken}" />
      <input type="hidden" name="form" value="${p.formToken}" />
      <div class="field">
        <label for="name">${t.form.name} ${req}</label>
        ${error("name")}
        <input
          id="name"
          name="name"
          type="text"
          autocomplete="name"
          required
          maxlength="120"
          value="${v.name}"
          ${invalid("name")}
        />
      </div>
      <div class="field">
        <label for="contact">${t.form.contact} ${req}</label>
        <p class="hint" id="contact-hint">${t.form.contactHint}</p>
        ${error("contact")}
        <input
          id="contact"
          name="contact"
          type="text"
          autocomplete="tel"
          required
          maxlength="120"
          value="${v.contact}"
          ${invalid("contact")}
        />
      </div>
      <div class="field">
        <label for="field">${t.form.field}</label>
        ${error("field")}
        <select id="field" name="field" ${invalid("field")}>
          <option value="">${t.form.fieldUnknown}</option>
          ${p.fields.map((f) => html`<option value="${f.code}" ${f.code === v.field ? html` selected` : ""}>${f.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="question">${t.form.question} ${req}</label>
        <p class="hint" id="question-hint">${t.form.questionHint}</p>
        ${error("question")}
        <textarea
          id="question"
          name="question"
          rows="8"
          required
          minlength="10"
          maxlength="5000"
          ${invalid("question")}
        >
${v.question}</textarea>
      </div>
      <div class="hp" aria-hidden="true">
        <label for="website">${t.form.honeypot}</label>
        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>
      <p><button type="submit">${t.form.submit}</button></p>
    </form>`;
}

export function acknowledgementPage(trackingCode: string, duplicate: boolean): Html {
  return html`<h1 class="page-title">${t.ack.title}</h1>
    <div class="ack" role="status">
      <p>${duplicate ? t.ack.duplicate : t.ack.text}</p>
      <p class="code"><strong>${trackingCode}</strong></p>
      <p>${t.ack.keep}</p>
    </div>
    <p><a class="button" href="/trang-thai?ma=${encodeURIComponent(trackingCode)}">${t.ack.statusLink}</a></p>`;
}

export function statusPage(p: {
  query: string;
  contact: string;
  problem: string | null;
  found: (SubmissionStatus & { trackingCode: string }) | null;
  /** Messages sent to the contact given, when one was given (null: none asked for). */
  messages: Array<{ text: string; at: Date }> | null;
  timeZone: string;
}): Html {
  const s = p.found;
  return html`<h1 class="page-title">${t.status.title}</h1>
    <form class="status-form" action="/trang-thai" method="post">
      <div class="field">
        <label for="ma">${t.status.label}</label>
        <p class="hint" id="ma-hint">${t.status.hint}</p>
        <input
          id="ma"
          name="ma"
          type="text"
          value="${p.query}"
          maxlength="20"
          autocomplete="off"
          required
          aria-describedby="ma-hint"
        />
      </div>
      <div class="field">
        <label for="lien-he">${t.status.contact}</label>
        <p class="hint" id="lien-he-hint">${t.status.contactHint}</p>
        <input
          id="lien-he"
          name="lien-he"
          type="text"
          value="${p.contact}"
          maxlength="120"
          autocomplete="off"
          aria-describedby="lien-he-hint"
        />
      </div>
      <p><button type="submit">${t.status.button}</button></p>
    </form>
    ${p.problem ? html`<p class="error" role="alert">${p.problem}</p>` : ""}
    ${
      s
        ? html`<section class="status" aria-labelledby="ket-qua">
            <h2 id="ket-qua">${s.trackingCode}</h2>
            <dl>
              <dt>${t.status.state}</dt>
              <dd><strong>${STATUS_LABELS[s.status] ?? s.status}</strong></dd>
              ${
                s.kind && s.kind !== "spam"
                  ? html`<dt>${t.status.kind}</dt>
                      <dd>${KIND_LABELS[s.kind]}</dd>`
                  : ""
              }
              <dt>${t.status.received}</dt>
              <dd>${formatDate(s.receivedAt, p.timeZone)}</dd>
              <dt>${t.status.changed}</dt>
              <dd>${formatDate(s.statusAt, p.timeZone)}</dd>
            </dl>
            ${s.publishedSlug ? html`<p><a href="${itemPath(s.publishedSlug)}">${t.status.published}</a></p>` : ""}
          </section>`
        : ""
    }
    ${
      s && p.messages
        ? html`<section class="messages" aria-labelledby="tin-nhan">
            <h2 id="tin-nhan">${t.status.messages}</h2>
            ${
              p.messages.length
                ? html`<ol>
                    ${p.messages.map(
                      (m) =>
                        html`<li>
                          <p class="meta">${formatDateTime(m.at, p.timeZone)}</p>
                          ${textToHtml(m.text)}
                        </li>`,
                    )}
                  </ol>`
                : html`<p>${t.status.noMessages}</p>`
            }
          </section>`
        : ""
    }`;
}

export function messagePage(title: string, text: string): Html {
  return html`<h1 class="page-title">${title}</h1>
    <p>${text}</p>
    <p><a href="/">${t.item.back}</a> · <a href="/tim-kiem">${t.nav.search}</a></p>`;
}

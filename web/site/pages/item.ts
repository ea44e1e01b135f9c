/**
 * An item's page: title, date, field, body (escaped plain text), photos and documents, author
 * and source; for a question the question (the citizen shown by initials) and the official
 * answer with the responding unit and date; corrections shown as such.
 */
import { textToHtml } from "../body.ts";
import { formatDate, formatSize } from "../format.ts";
import { html, type Html } from "../html.ts";
import { KIND_LABELS, t } from "../messages.ts";
import type { Item } from "../store.ts";
import { fieldPath } from "./common.ts";

export interface ShownImage {
  id: string;
  width: number;
  height: number;
}

/** Widths images are offered in; the browser picks by screen. */
export const IMAGE_WIDTHS = [480, 960] as const;

export function isQuestion(item: Pick<Item, "kind">): boolean {
  return item.kind === "question" || item.kind === "feedback";
}

function date(d: Date, tz: string): Html {
  return html`<time datetime="${d.toISOString()}">${formatDate(d, tz)}</time>`;
}

function figure(img: ShownImage, n: number): Html {
  const [small, large] = IMAGE_WIDTHS;
  // The stored size gives the aspect ratio, so the page does not jump while the image loads.
  const w = Math.min(img.width, small);
  const h = Math.max(1, Math.round((img.height * w) / Math.max(1, img.width)));
  return html`<figure>
    <img
      src="/tep/${img.id}/${small}"
      srcset="/tep/${img.id}/${small} ${small}w, /tep/${img.id}/${large} ${large}w"
      sizes="(max-width: 40rem) 100vw, 40rem"
      width="${w}"
      height="${h}"
      alt="${t.item.photoAlt(n)}"
      loading="${n === 1 ? "eager" : "lazy"}"
      decoding="async"
    />
  </figure>`;
}

export function itemPage(item: Item, images: ShownImage[], timeZone: string): Html {
  const docs = item.attachments.filter((a) => !a.isImage);
  const question = isQuestion(item);
  return html`<article class="item">
    <header>
      <p class="kicker">
        ${question ? t.nav.questions : (KIND_LABELS[item.kind] ?? t.nav.news)}${
          item.field ? html` · <a href="${fieldPath(item.field.code)}">${item.field.name}</a>` : ""
        }
      </p>
      <h1>${item.title}</h1>
      <p class="meta">
        ${t.item.published}
        ${date(item.publishedAt, timeZone)}${
          item.corrections.length ? html` · ${t.item.updated} ${date(item.updatedAt, timeZone)}` : ""
        }
      </p>
    </header>
    ${
      item.corrections.length
        ? html`<aside class="corrections" aria-labelledby="dinh-chinh">
            <h2 id="dinh-chinh">${t.item.corrections}</h2>
            <ul>
              ${item.corrections.map(
                (c) =>
                  html`<li>
                    ${c.at ? html`<strong>${t.item.correctionAt(formatDate(c.at, timeZone))}:</strong> ` : ""}${c.text}
                  </li>`,
              )}
            </ul>
          </aside>`
        : ""
    }
    ${
      question
        ? html`<section class="question" aria-labelledby="cau-hoi">
              <h2 id="cau-hoi">${t.item.question}</h2>
              ${textToHtml(item.question ?? item.body)}
              <p class="by">${t.item.asker}: ${item.author}</p>
            </section>
            ${
              item.answerText
                ? html`<section class="answer" aria-labelledby="tra-loi">
                    <h2 id="tra-loi">${t.item.answer}</h2>
                    ${textToHtml(item.answerText)}
                    <p class="by">
                      ${item.answerUnit ? html`${t.item.answeredBy}: <strong>${item.answerUnit}</strong> · ` : ""}${t.item.answeredAt}:
                      ${date(item.answeredAt ?? item.publishedAt, timeZone)}
                    </p>
                  </section>`
                : ""
            }`
        : html`<div class="body">${textToHtml(item.body)}</div>`
    }
    ${images.length ? html`<section class="photos" aria-label="${t.item.photos}">${images.map((img, i) => figure(img, i + 1))}</section>` : ""}
    ${
      docs.length
        ? html`<section class="documents" aria-labelledby="tai-lieu">
            <h2 id="tai-lieu">${t.item.documents}</h2>
            <ul>
              ${docs.map(
                (d, i) =>
                  html`<li>
                    <a href="/tep/${d.id}" download
                      >${t.item.download(d.originalName ?? `Tệp ${i + 1}`, formatSize(d.size))}</a
                    >
                  </li>`,
              )}
            </ul>
          </section>`
        : ""
    }
    <footer class="attribution">
      ${question ? "" : html`<p>${t.item.author}: <strong>${item.author}</strong></p>`}
      <p>${t.item.source}: ${item.source}</p>
    </footer>
  </article>`;
}

/** schema.org data: a NewsArticle, or a QAPage with the accepted answer. */
export function structuredData(item: Item, url: string, publisher: string): unknown {
  const org = { "@type": "GovernmentOrganization", name: publisher };
  if (isQuestion(item)) {
    return {
      "@context": "https://schema.org",
      "@type": "QAPage",
      mainEntity: {
        "@type": "Question",
        name: item.title,
        text: item.question ?? item.body,
        dateCreated: item.publishedAt.toISOString(),
        answerCount: item.answerText ? 1 : 0,
        author: { "@type": "Person", name: item.author },
        ...(item.answerText && {
          acceptedAnswer: {
            "@type": "Answer",
            text: item.answerText,
            dateCreated: (item.answeredAt ?? item.publishedAt).toISOString(),
            url,
            author: { "@type": "GovernmentOrganization", name: item.answerUnit ?? publisher },
          },
        }),
      },
    };
  }
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: item.title,
    datePublished: item.publishedAt.toISOString(),
    dateModified: item.updatedAt.toISOString(),
    author: { "@type": "Person", name: item.author },
    publisher: org,
    mainEntityOfPage: url,
    ...(item.field && { articleSection: item.field.name }),
  };
}

export function gonePage(): Html {
  return html`<h1 class="page-title">${t.item.goneTitle}</h1>
    <p>${t.item.goneText}</p>
    <p><a href="/">${t.item.back}</a></p>`;
}

/**
 * Search over published items (PostgreSQL full-text with the accent-folding `vn` configuration,
 * plus trigram similarity on titles for near-misses). "giay khai sinh" finds "giấy khai sinh";
 * an exact, accented match ranks above a folded one. Matches come back marked with private-use
 * sentinels, so the text can be escaped before the marks become `<mark>`.
 */
import type { Db } from "../../core/db.ts";
import type { Kind } from "../../core/domain.ts";
import { escapeHtml, Html } from "./html.ts";

export interface SearchHit {
  slug: string;
  kind: Kind;
  title: Html;
  snippet: Html;
  publishedAt: Date;
  fieldCode: string | null;
  fieldName: string | null;
}

const START = "\uE000";
const STOP = "\uE001";
/** Longest query accepted, in characters; longer ones are refused, not cut. */
export const MAX_QUERY_CHARS = 200;

/** Escapes a headline and turns its sentinels into `<mark>`, always balanced. */
export function markMatches(headline: string): Html {
  let out = "";
  let open = false;
  for (const part of headline.split(/([\uE000\uE001])/)) {
    if (part === START) {
      if (!open) out += "<mark>";
      open = true;
    } else if (part === STOP) {
      if (open) out += "</mark>";
      open = false;
    } else out += escapeHtml(part);
  }
  return new Html(open ? out + "</mark>" : out);
}

/** The query as searched: NFC, one line, private-use characters removed. */
export function cleanQuery(q: string): string {
  return (
    q
      .normalize("NFC")
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .replace(/[\uE000-\uF8FF\u0000-\u001F]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** One page of hits, best first, and how many there are. */
export async function searchItems(
  db: Db,
  query: string,
  page: { offset: number; limit: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  const q = cleanQuery(query);
  if (!q) return { hits: [], total: 0 };
  const opts = `StartSel=${START}, StopSel=${STOP}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const { rows } = await db.sql.query<{
    slug: string;
    kind: Kind;
    title: string;
    snippet: string;
    publishedAt: Date;
    fieldCode: string | null;
    fieldName: string | null;
    total: string;
  }>(
    `WITH q AS (
       SELECT websearch_to_tsquery('public.vn', $1) AS folded,
              websearch_to_tsquery('simple', lower($1)) AS exact,
              vn_unaccent($1) AS plain),
     hits AS (
       SELECT p.*, publication_document(p.title, p.question, p.body, p."answerText") AS doc
         FROM "Publication" p, q
        WHERE p.status = 'published'
          AND (publication_document(p.title, p.question, p.body, p."answerText") @@ q.folded
               OR q.plain <% vn_unaccent(p.title)))
     SELECT h.slug, h.kind, h."publishedAt", f.code AS "fieldCode", f.name AS "fieldName",
            ts_headline('public.vn', h.title, q.folded, 'HighlightAll=true, StartSel=${START}, StopSel=${STOP}') AS title,
            ts_headline('public.vn', concat_ws(E'\\n', h.question, h.body, h."answerText"), q.folded, $4) AS snippet,
            count(*) OVER () AS total
       FROM hits h CROSS JOIN q
       LEFT JOIN "Field" f ON f.id = h."fieldId"
      ORDER BY ts_rank_cd(h.doc, q.folded)
               + 0.5 * (to_tsvector('simple', lower(concat_ws(' ', h.title, h.question, h.body, h."answerText"))) @@ q.exact)::int
               + word_similarity(q.plain, vn_unaccent(h.title)) DESC,
               h."publishedAt" DESC
      LIMIT $2 OFFSET $3`,
    [q, page.limit, page.offset, opts],
  );
  return {
    total: rows.length > 0 ? Number(rows[0]!.total) : 0,
    hits: rows.map((r) => ({
      slug: r.slug,
      kind: r.kind,
      title: markMatches(r.title),
      snippet: markMatches(r.snippet),
      publishedAt: r.publishedAt,
      fieldCode: r.fieldCode,
      fieldName: r.fieldName,
    })),
  };
}

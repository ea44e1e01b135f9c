/**
 * Finding the item a new one repeats: candidates from PostgreSQL's trigram index on the stored
 * comparison text (`Submission.matchText`, pg_trgm), scored by `similarity`. Only items that are
 * in review or out (published, answered) count: a rejected or withdrawn item repeats nothing.
 */
import { prepared, type Db } from "../db.ts";
import { bestDuplicate } from "./similarity.ts";

/** The statuses an earlier item must have for a new one to be its duplicate. */
export const DUPLICATE_OF_STATUSES = [
  "classified",
  "in_review",
  "changes_requested",
  "approved",
  "published",
  "answered",
] as const;

/** Candidates read per item: the best trigram matches, scored in process. */
const CANDIDATES = 8;

export interface DuplicateMatch {
  id: string;
  trackingNumber: number;
  status: string;
  score: number;
}

/** The closest earlier item `text` repeats, or null. `text` is the new item's `matchText`. */
export async function findDuplicate(
  sql: Db["sql"],
  submissionId: string,
  text: string,
): Promise<DuplicateMatch | null> {
  if (text.trim() === "") return null;
  // `%` is pg_trgm's similarity operator (threshold pg_trgm.similarity_threshold, 0.3 by default):
  // it is what the GIN index serves; the in-process score decides.
  const { rows } = await sql.query<{ id: string; trackingNumber: number; status: string; matchText: string }>(
    prepared(
      "duplicate-candidates",
      `SELECT id, "trackingNumber", status::text AS status, "matchText"
         FROM "Submission"
        WHERE "matchText" % $2 AND id <> $1 AND status::text = ANY($3::text[])
        ORDER BY similarity("matchText", $2) DESC
        LIMIT ${CANDIDATES}`,
      [submissionId, text, DUPLICATE_OF_STATUSES],
    ),
  );
  const best = bestDuplicate(text, rows);
  return best
    ? {
        id: best.candidate.id,
        trackingNumber: best.candidate.trackingNumber,
        status: best.candidate.status,
        score: best.score,
      }
    : null;
}

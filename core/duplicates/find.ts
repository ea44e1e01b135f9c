/**
 * Finding the item a new one repeats: candidates share locality-sensitive keys with it
 * (`DuplicateKey`, a b-tree on the key), then `similarity` on the stored comparison text
 * (`Submission.matchText`) decides. Only items that are in review or out
 * (published, answered) count: a rejected or withdrawn item repeats nothing.
 *
 * Why not pg_trgm: a similarity query on texts of hundreds of characters reads the posting lists
 * of common trigrams and rechecks thousands of rows — seconds per item against 20,000 earlier
 * items, measured by `npm run bench:classifier`. Keys in an array column with a GIN index were
 * tried too: PostgreSQL cannot estimate `&&` on unique values and scans the table instead.
 */
import { prepared, type Db } from "../db.ts";
import { bestDuplicate, duplicateKeys } from "./similarity.ts";

/** The statuses an earlier item must have for a new one to be its duplicate. */
export const DUPLICATE_OF_STATUSES = [
  "classified",
  "in_review",
  "changes_requested",
  "approved",
  "published",
  "answered",
] as const;

/** Candidates read per item at most (those sharing the most keys), scored in process. */
const CANDIDATES = 10;
/**
 * Items read per key at most. A message sent many times over (a spam wave, the same notice from
 * every village) shares every key with every copy: without a bound each new copy would read them
 * all, and the pipeline would slow down with every copy. Any copy is as good a match as another.
 */
const PER_KEY = 32;

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
  keys: readonly number[] = duplicateKeys(text),
): Promise<DuplicateMatch | null> {
  if (keys.length === 0) return null;
  // The items sharing the most keys first: the count of shared bands estimates the likeness.
  const { rows } = await sql.query<{ id: string; trackingNumber: number; status: string; matchText: string }>(
    prepared(
      "duplicate-candidates",
      `SELECT s.id, s."trackingNumber", s.status::text AS status, s."matchText"
         FROM (SELECT d."submissionId", count(*) AS shared
                 FROM unnest($2::int[]) AS k(key)
                 CROSS JOIN LATERAL (SELECT x."submissionId" FROM "DuplicateKey" x
                                      WHERE x.key = k.key AND x."submissionId" <> $1
                                      LIMIT ${PER_KEY}) d
                GROUP BY d."submissionId"
                ORDER BY shared DESC
                LIMIT ${CANDIDATES}) c
         JOIN "Submission" s ON s.id = c."submissionId"
        WHERE s.status::text = ANY($3::text[]) AND s."matchText" IS NOT NULL`,
      [submissionId, keys, DUPLICATE_OF_STATUSES],
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

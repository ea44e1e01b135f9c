-- Near-duplicate detection (core/duplicates): each classified item keeps its comparison text
-- (accent-free, abbreviations expanded, without quotes and signatures); a trigram index finds
-- the earlier items a new one may repeat.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "matchText" TEXT;

-- CreateIndex
CREATE INDEX "Submission_matchText_idx" ON "Submission" USING GIN ("matchText" gin_trgm_ops);

-- Duplicates are found by locality-sensitive keys (MinHash bands, core/duplicates) instead of
-- trigrams: a trigram similarity query on long texts rechecks thousands of rows (seconds per item
-- at 20,000 items); looking up twenty integer keys in a b-tree is a handful of index probes.

-- DropIndex
DROP INDEX "Submission_matchText_idx";

-- CreateTable
CREATE TABLE "DuplicateKey" (
    "key" INTEGER NOT NULL,
    "submissionId" UUID NOT NULL,

    CONSTRAINT "DuplicateKey_pkey" PRIMARY KEY ("submissionId","key")
);

-- CreateIndex
CREATE INDEX "DuplicateKey_key_idx" ON "DuplicateKey"("key");

-- AddForeignKey
ALTER TABLE "DuplicateKey" ADD CONSTRAINT "DuplicateKey_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The field a sender chose on the website's form: it decides the item's field over the classifier's guess.

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "fieldHint" TEXT;

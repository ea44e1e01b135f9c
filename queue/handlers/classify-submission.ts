import { screenSubmission } from "../../core/intake/classify-submission.ts";
import type { HandlerFactory } from "./types.ts";

/** Classifies and asks the reviewers in one job (see `screenSubmission`). */
export const classifySubmissionHandler: HandlerFactory<"classify-submission"> =
  ({ core }) =>
  (data) =>
    screenSubmission(core, data.submissionId);

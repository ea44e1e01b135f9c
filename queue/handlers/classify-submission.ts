import { classifySubmission } from "../../core/intake/classify-submission.ts";
import type { HandlerFactory } from "./types.ts";

export const classifySubmissionHandler: HandlerFactory<"classify-submission"> =
  ({ core }) =>
  (data) =>
    classifySubmission(core, data.submissionId);

import { publishSubmission } from "../../core/publishing/publish.ts";
import type { HandlerFactory } from "./types.ts";

export const publishSubmissionHandler: HandlerFactory<"publish-submission"> =
  ({ core }) =>
  (data) =>
    publishSubmission(core, data.submissionId);

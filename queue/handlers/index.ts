/**
 * Every job's handler. A `Record` over the catalogue: a job without a handler is a compile error.
 */
import type { JobName } from "../../core/ports.ts";
import { applyDecisionHandler } from "./apply-decision.ts";
import { classifySubmissionHandler } from "./classify-submission.ts";
import { publishSubmissionHandler } from "./publish-submission.ts";
import { requestReviewHandler } from "./request-review.ts";
import { sendMessageHandler } from "./send-message.ts";
import type { HandlerFactory } from "./types.ts";

export const HANDLERS: { [N in JobName]: HandlerFactory<N> } = {
  "classify-submission": classifySubmissionHandler,
  "request-review": requestReviewHandler,
  "apply-decision": applyDecisionHandler,
  "publish-submission": publishSubmissionHandler,
  "send-message": sendMessageHandler,
};

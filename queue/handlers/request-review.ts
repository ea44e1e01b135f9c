import { requestReview } from "../../core/review/request-review.ts";
import type { HandlerFactory } from "./types.ts";

export const requestReviewHandler: HandlerFactory<"request-review"> =
  ({ core }) =>
  (data) =>
    requestReview(core, data.submissionId, data.round);

import { applyDecision } from "../../core/review/apply-decision.ts";
import type { HandlerFactory } from "./types.ts";

export const applyDecisionHandler: HandlerFactory<"apply-decision"> =
  ({ core }) =>
  (data) =>
    applyDecision(core, data.decisionId);

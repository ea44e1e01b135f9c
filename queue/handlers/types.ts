import type { CoreDeps } from "../../core/context.ts";
import type { StepResult } from "../../core/intake/classify-submission.ts";
import type { ChannelSenders, JobName, JobPayloads } from "../../core/ports.ts";

export interface HandlerDeps {
  core: CoreDeps;
  senders: ChannelSenders;
}

/** A thin handler: calls one core use case and says whether it did something. */
export type Handler<N extends JobName> = (data: JobPayloads[N]) => Promise<StepResult>;
export type HandlerFactory<N extends JobName> = (deps: HandlerDeps) => Handler<N>;

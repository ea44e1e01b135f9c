import { deliverOutbound } from "../../core/notify/deliver.ts";
import type { HandlerFactory } from "./types.ts";

export const sendMessageHandler: HandlerFactory<"send-message"> =
  ({ core, senders }) =>
  (data) =>
    deliverOutbound(core, senders, data.outboundMessageId);

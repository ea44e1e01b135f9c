/**
 * The `web` channel's way out. A person who asked through the site's form has no chat to push
 * to: what core sends them (the acknowledgement, the outcome, the answer) is delivered by being
 * kept — the OutboundMessage row, marked sent — and shown on the status page to whoever gives
 * the tracking code together with the contact used on the form. Review cards never go to a web
 * identity (board members are reached on their chat or e-mail); if one did, it would be kept the
 * same way.
 */
import { randomUUID } from "node:crypto";
import type { Channel } from "../../core/domain.ts";
import { DeliveryError } from "../../core/errors.ts";
import type { ChannelSender, Recipient } from "../../core/ports.ts";
import { canonicalContact } from "./form.ts";

/** A web address is the canonical contact the form stored; anything else cannot be shown to anyone. */
function accept(to: Recipient): string {
  const c = canonicalContact(to.address);
  if (!c || c.value !== to.address) throw new DeliveryError(`not a web form contact: ${to.address}`, true);
  return `web:${randomUUID()}`;
}

export function createWebSender(): ChannelSender {
  return {
    channel: "web" satisfies Channel,
    sendText: async (to) => accept(to),
    sendReviewCard: async (to) => accept(to),
    updateReviewCard: async (to) => void accept(to),
    sendAnswer: async (to) => accept(to),
  };
}

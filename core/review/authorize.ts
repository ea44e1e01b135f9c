/**
 * Who may decide (thẩm quyền): a pure rule over the roles a person holds now.
 * - final stage (two-step): the head, or a deputy acting for the head;
 * - first stage: head, deputy and secretariat on anything; a member on items of their field;
 *   a responder answers and forwards questions of their field; whoever the item was forwarded
 *   to (a pending request of their own) decides it.
 */
import type { Role } from "../domain.ts";
import type { CardAction } from "../ports.ts";

export interface HeldRole {
  role: Role;
  fieldId: string | null;
}

export function mayDecide(p: {
  roles: readonly HeldRole[];
  stage: "first" | "final";
  action: CardAction;
  itemFieldId: string | null;
  hasOwnPendingRequest: boolean;
}): boolean {
  const has = (r: Role) => p.roles.some((x) => x.role === r);
  const inField = (r: Role) => p.roles.some((x) => x.role === r && x.fieldId !== null && x.fieldId === p.itemFieldId);
  if (p.stage === "final") return has("head") || has("deputy");
  if (has("head") || has("deputy") || has("secretariat")) return true;
  if (inField("member")) return true;
  if (inField("responder")) return p.action === "answer" || p.action === "forward";
  return p.hasOwnPendingRequest && p.roles.length > 0;
}

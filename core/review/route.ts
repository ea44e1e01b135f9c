/**
 * Routing (chuyển người xử lý): who must review an item at a stage. The rules, in order:
 * - the final stage (two-step mode) goes to the head, or the deputies when there is no head;
 * - an item forwarded to one person goes to that person alone;
 * - an item the classifier was unsure of, spam and complaints go to the secretariat;
 * - questions and feedback go to the responders of their field, else the secretariat;
 * - news goes to the members of its field and the secretariat (`single`), or to the members
 *   alone, else the secretariat (`two-step`, where the head approves after them);
 * - when nobody matches, the head (or deputies) receive it, so nothing waits unseen;
 * - an urgent item (fire, flood, landslide, accident, violence, outbreak) also goes at once to the
 *   head (or deputies) and to the members of its field, on top of the above, whatever the hour
 *   (not again once forwarded to one person).
 */
import type { Tx } from "../db.ts";
import type { ApprovalPolicy, Channel, Kind, Priority, Role } from "../domain.ts";

export interface Reviewer {
  personId: string;
  role: Role;
}

/** An active role on the board, as routing sees it. */
export interface BoardSeat extends Reviewer {
  fieldId: string | null;
  reviewChannel: Channel | null;
}

export interface RoutedItem {
  kind: Kind | null;
  fieldId: string | null;
  needsPerson: boolean;
  assignedToId: string | null;
  /** `high` adds the head and the field's members to whoever else the item goes to. */
  priority?: Priority;
}

/** Every active board role in one query; the board is tens of rows. */
export async function loadBoard(tx: Tx): Promise<BoardSeat[]> {
  const rows = await tx.roleMembership.findMany({
    where: { revokedAt: null, role: { not: "collaborator" }, person: { revokedAt: null } },
    orderBy: { grantedAt: "asc" },
    select: { personId: true, role: true, fieldId: true, person: { select: { reviewChannel: true } } },
  });
  return rows.map((r) => ({
    personId: r.personId,
    role: r.role,
    fieldId: r.fieldId,
    reviewChannel: r.person.reviewChannel,
  }));
}

/** The rules above, over the board as it is now. Pure. */
export function routeReviewers(
  board: readonly BoardSeat[],
  item: RoutedItem,
  stage: "first" | "final",
  policy: ApprovalPolicy,
): BoardSeat[] {
  const holders = (role: Role, fieldId?: string | null) =>
    board.filter((s) => s.role === role && (fieldId === undefined || s.fieldId === fieldId));
  const chiefs = () => (holders("head").length > 0 ? holders("head") : holders("deputy"));

  if (stage === "final") return unique(chiefs());

  let found: BoardSeat[] = item.assignedToId ? board.filter((s) => s.personId === item.assignedToId).slice(0, 1) : [];
  if (found.length === 0) {
    if (item.needsPerson || item.kind === "spam" || item.kind === "complaint" || !item.fieldId) {
      found = holders("secretariat");
    } else if (item.kind === "question" || item.kind === "feedback") {
      found = holders("responder", item.fieldId);
      if (found.length === 0) found = holders("secretariat");
    } else {
      const members = holders("member", item.fieldId);
      found = policy === "single" ? [...members, ...holders("secretariat")] : members;
      if (found.length === 0) found = holders("secretariat");
    }
  }
  if (found.length === 0) found = chiefs();
  // Once forwarded to one person, the item is theirs: the alarm was raised in the first round.
  if (item.priority === "high" && !item.assignedToId) {
    found = [...found, ...chiefs(), ...(item.fieldId ? holders("member", item.fieldId) : [])];
  }
  return unique(found);
}

/** One card per person, under the first role that routed them. */
function unique(rs: BoardSeat[]): BoardSeat[] {
  const seen = new Set<string>();
  return rs.filter((r) => (seen.has(r.personId) ? false : (seen.add(r.personId), true)));
}

/**
 * Routing (chuyển người xử lý): who must review an item at a stage. The rules, in order:
 * - the final stage (two-step mode) goes to the head, or the deputies when there is no head;
 * - an item forwarded to one person goes to that person alone;
 * - an item the classifier was unsure of, spam and complaints go to the secretariat;
 * - questions and feedback go to the responders of their field, else the secretariat;
 * - news goes to the members of its field and the secretariat (`single`), or to the members
 *   alone, else the secretariat (`two-step`, where the head approves after them);
 * - when nobody matches, the head (or deputies) receive it, so nothing waits unseen.
 */
import type { Tx } from "../db.ts";
import type { ApprovalPolicy, Kind, Role } from "../domain.ts";

export interface Reviewer {
  personId: string;
  role: Role;
}

export interface RoutedItem {
  kind: Kind | null;
  fieldId: string | null;
  needsPerson: boolean;
  assignedToId: string | null;
}

export async function routeReviewers(
  tx: Tx,
  item: RoutedItem,
  stage: "first" | "final",
  policy: ApprovalPolicy,
): Promise<Reviewer[]> {
  const holders = async (role: Role, fieldId?: string | null): Promise<Reviewer[]> => {
    const rows = await tx.roleMembership.findMany({
      where: {
        role,
        revokedAt: null,
        person: { revokedAt: null },
        ...(fieldId !== undefined ? { fieldId } : {}),
      },
      orderBy: { grantedAt: "asc" },
      select: { personId: true, role: true },
    });
    return rows;
  };
  const chiefs = async () => {
    const heads = await holders("head");
    return heads.length > 0 ? heads : holders("deputy");
  };

  if (stage === "final") return unique(await chiefs());

  let found: Reviewer[] = [];
  if (item.assignedToId) {
    const roles = await tx.roleMembership.findMany({
      where: { personId: item.assignedToId, revokedAt: null, person: { revokedAt: null } },
      select: { personId: true, role: true },
    });
    if (roles[0]) found = [roles[0]];
  }
  if (found.length === 0) {
    if (item.needsPerson || item.kind === "spam" || item.kind === "complaint" || !item.fieldId) {
      found = await holders("secretariat");
    } else if (item.kind === "question" || item.kind === "feedback") {
      found = await holders("responder", item.fieldId);
      if (found.length === 0) found = await holders("secretariat");
    } else {
      const members = await holders("member", item.fieldId);
      found = policy === "single" ? [...members, ...(await holders("secretariat"))] : members;
      if (found.length === 0) found = await holders("secretariat");
    }
  }
  if (found.length === 0) found = await chiefs();
  return unique(found);
}

/** One card per person, under the first role that routed them. */
function unique(rs: Reviewer[]): Reviewer[] {
  const seen = new Set<string>();
  return rs.filter((r) => (seen.has(r.personId) ? false : (seen.add(r.personId), true)));
}

import { describe, expect, it } from "vitest";
import { routeReviewers, type BoardSeat } from "../../../core/review/route.ts";
import { seat } from "./board.ts";
import { mayDecide } from "../../../core/review/authorize.ts";

const board = [
  seat("head", "head"),
  seat("deputy", "deputy"),
  seat("sec", "secretariat"),
  seat("culture", "member", "F-culture"),
  seat("roads", "member", "F-roads"),
  seat("justice", "responder", "F-justice"),
  seat("sec", "member", "F-culture"), // the secretary also covers culture: one card, not two
];
const item = (over: Partial<Parameters<typeof routeReviewers>[1]> = {}) => ({
  kind: "news" as const,
  fieldId: "F-culture",
  needsPerson: false,
  assignedToId: null,
  ...over,
});
const who = (rs: BoardSeat[]) => rs.map((r) => r.personId).sort();

describe("routing", () => {
  it("news goes to the field's members and the secretariat in single mode, one card per person", () => {
    expect(who(routeReviewers(board, item(), "first", "single"))).toEqual(["culture", "sec"]);
  });
  it("news goes to the field's members only in two-step mode, and then to the head", () => {
    expect(who(routeReviewers(board, item({ fieldId: "F-roads" }), "first", "two-step"))).toEqual(["roads"]);
    expect(who(routeReviewers(board, item(), "final", "two-step"))).toEqual(["head"]);
  });
  it("a field without members falls back to the secretariat", () => {
    expect(who(routeReviewers(board, item({ fieldId: "F-health" }), "first", "two-step"))).toEqual(["sec"]);
  });
  it("questions go to the field's responders, else the secretariat", () => {
    expect(who(routeReviewers(board, item({ kind: "question", fieldId: "F-justice" }), "first", "single"))).toEqual([
      "justice",
    ]);
    expect(who(routeReviewers(board, item({ kind: "question", fieldId: "F-roads" }), "first", "single"))).toEqual([
      "sec",
    ]);
  });
  it("unsure items, spam and complaints go to the secretariat", () => {
    for (const over of [
      { needsPerson: true },
      { kind: "spam" as const },
      { kind: "complaint" as const },
      { fieldId: null },
    ]) {
      expect(who(routeReviewers(board, item(over), "first", "single"))).toEqual(["sec"]);
    }
  });
  it("a forwarded item goes to that person alone", () => {
    expect(who(routeReviewers(board, item({ assignedToId: "roads" }), "first", "single"))).toEqual(["roads"]);
  });
  it("with nobody to route to, the head receives it; without a head, the deputy", () => {
    const lone = [seat("head", "head")];
    expect(who(routeReviewers(lone, item(), "first", "single"))).toEqual(["head"]);
    expect(who(routeReviewers([seat("deputy", "deputy")], item(), "final", "two-step"))).toEqual(["deputy"]);
    expect(routeReviewers([], item(), "first", "single")).toEqual([]);
  });
});

describe("who may decide", () => {
  const base = {
    stage: "first" as const,
    action: "approve" as const,
    itemFieldId: "F-culture",
    hasOwnPendingRequest: false,
  };
  it("head, deputy and secretariat decide anything at the first stage", () => {
    for (const role of ["head", "deputy", "secretariat"] as const) {
      expect(mayDecide({ ...base, roles: [{ role, fieldId: null }] })).toBe(true);
    }
  });
  it("a member decides items of their own field only", () => {
    expect(mayDecide({ ...base, roles: [{ role: "member", fieldId: "F-culture" }] })).toBe(true);
    expect(mayDecide({ ...base, roles: [{ role: "member", fieldId: "F-roads" }] })).toBe(false);
  });
  it("a responder answers and forwards questions of their field, and nothing else", () => {
    const roles = [{ role: "responder" as const, fieldId: "F-culture" }];
    expect(mayDecide({ ...base, roles, action: "answer" })).toBe(true);
    expect(mayDecide({ ...base, roles, action: "forward" })).toBe(true);
    expect(mayDecide({ ...base, roles, action: "approve" })).toBe(false);
  });
  it("at the final stage only the head or a deputy decides", () => {
    expect(mayDecide({ ...base, stage: "final", roles: [{ role: "secretariat", fieldId: null }] })).toBe(false);
    expect(mayDecide({ ...base, stage: "final", roles: [{ role: "member", fieldId: "F-culture" }] })).toBe(false);
    expect(mayDecide({ ...base, stage: "final", roles: [{ role: "deputy", fieldId: null }] })).toBe(true);
  });
  it("collaborators and people without roles never decide", () => {
    expect(mayDecide({ ...base, roles: [{ role: "collaborator", fieldId: null }] })).toBe(false);
    expect(mayDecide({ ...base, roles: [] })).toBe(false);
    expect(mayDecide({ ...base, roles: [], hasOwnPendingRequest: true })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { routeReviewers, type BoardSeat } from "../../../core/review/route.ts";
import { seat } from "../review/board.ts";

const board = [
  seat("head", "head"),
  seat("deputy", "deputy"),
  seat("sec", "secretariat"),
  seat("police", "member", "F-security"),
  seat("roads", "member", "F-roads"),
  seat("answers", "responder", "F-security"),
];
const who = (rs: BoardSeat[]) => rs.map((r) => r.personId).sort();
const item = (over: Partial<Parameters<typeof routeReviewers>[1]> = {}) => ({
  kind: "feedback" as const,
  fieldId: "F-security",
  needsPerson: false,
  assignedToId: null,
  ...over,
});

describe("urgent items", () => {
  it("also go at once to the head and the field's members", () => {
    expect(who(routeReviewers(board, item(), "first", "single"))).toEqual(["answers"]);
    expect(who(routeReviewers(board, item({ priority: "high" }), "first", "single"))).toEqual([
      "answers",
      "head",
      "police",
    ]);
  });

  it("reach the head even when the classifier was unsure, or the field has no member", () => {
    expect(who(routeReviewers(board, item({ priority: "high", needsPerson: true }), "first", "single"))).toEqual([
      "head",
      "police",
      "sec",
    ]);
    expect(who(routeReviewers(board, item({ priority: "high", fieldId: null }), "first", "two-step"))).toEqual([
      "head",
      "sec",
    ]);
  });

  it("go to the deputies when there is no head, and not again once forwarded to one person", () => {
    const noHead = board.filter((s) => s.role !== "head");
    expect(who(routeReviewers(noHead, item({ priority: "high", kind: "news" }), "first", "two-step"))).toEqual([
      "deputy",
      "police",
    ]);
    expect(who(routeReviewers(board, item({ priority: "high", assignedToId: "roads" }), "first", "single"))).toEqual([
      "roads",
    ]);
  });
});

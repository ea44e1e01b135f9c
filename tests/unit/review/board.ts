/** A board seat for routing tests: a person holding one role, for one field or none. */
import type { BoardSeat } from "../../../core/review/route.ts";

export const seat = (personId: string, role: BoardSeat["role"], fieldId: string | null = null): BoardSeat => ({
  personId,
  role,
  fieldId,
  reviewChannel: null,
});

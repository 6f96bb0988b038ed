import { describe, expect, it } from "vitest";
import { milestonesFor } from "./milestones";

const at = (m: number) => new Date(Date.UTC(2026, 10, 1, 9, m));
const none = { prOpenedAt: null, firstDecisionAt: null, awaitingSince: null };

describe("milestonesFor", () => {
  it("opens the PR once, starts and ends each wait for an approver, and keeps the first decision", () => {
    expect(milestonesFor(none, "submitting", "awaiting_approval", at(1))).toEqual({ prOpenedAt: at(1), awaitingSince: at(1) });
    const waiting = { prOpenedAt: at(1), firstDecisionAt: null, awaitingSince: at(1) };
    expect(milestonesFor(waiting, "awaiting_approval", "changes_requested", at(11))).toEqual({ awaitingApprovalSeconds: { increment: 600 }, awaitingSince: null, firstDecisionAt: at(11) });
    const again = { prOpenedAt: at(1), firstDecisionAt: at(11), awaitingSince: null };
    expect(milestonesFor(again, "changes_requested", "awaiting_approval", at(20))).toEqual({ awaitingSince: at(20) });
    expect(milestonesFor({ ...again, awaitingSince: at(20) }, "awaiting_approval", "merged", at(25))).toEqual({ awaitingApprovalSeconds: { increment: 300 }, awaitingSince: null, mergedAt: at(25) });
    // Cancelled while waiting: the wait ends, but it was no decision.
    expect(milestonesFor(waiting, "awaiting_approval", "cancelled", at(3))).toEqual({ awaitingApprovalSeconds: { increment: 120 }, awaitingSince: null });
    expect(milestonesFor(none, "merged", "deploying", at(4))).toEqual({});
  });
});

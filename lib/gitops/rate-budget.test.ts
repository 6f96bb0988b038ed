import { describe, expect, it } from "vitest";
import { pacePoll } from "./rate-budget";

const now = new Date("2026-11-25T12:00:00Z");
const seen = (remaining: number, resetInMin = 30) => ({ limit: 5000, remaining, resetAt: new Date(now.getTime() + resetInMin * 60_000).toISOString(), observedAt: now.toISOString() });

describe("pacePoll", () => {
  it("polls normally with most of the budget left or nothing seen yet", () => {
    expect(pacePoll(30_000, null, now)).toMatchObject({ intervalMs: 30_000, factor: 1 });
    expect(pacePoll(30_000, seen(4000), now)).toMatchObject({ intervalMs: 30_000, factor: 1, reason: "80 % of the rate limit left (4000 of 5000)" });
  });

  it("slows down step by step as the budget falls", () => {
    expect(pacePoll(30_000, seen(2400), now)).toMatchObject({ intervalMs: 60_000, factor: 2 });
    expect(pacePoll(30_000, seen(1200), now)).toMatchObject({ intervalMs: 120_000, factor: 4 });
    expect(pacePoll(30_000, seen(400), now)).toMatchObject({ intervalMs: 240_000, factor: 8, reason: expect.stringContaining("8× slower") });
  });

  it("waits for the reset when the budget is nearly spent, and never past it", () => {
    expect(pacePoll(30_000, seen(100, 20), now)).toMatchObject({ intervalMs: 20 * 60_000, factor: Infinity, reason: expect.stringContaining("paused until the reset") });
    expect(pacePoll(30_000, seen(400, 1), now).intervalMs).toBe(60_000);
    expect(pacePoll(30_000, seen(10, -5), now)).toMatchObject({ intervalMs: 30_000, factor: 1 });
  });
});

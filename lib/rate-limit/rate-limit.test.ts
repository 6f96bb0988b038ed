import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { TokenBuckets, consumeRateLimit, describeWait } from "./rate-limit";

describe("consumeRateLimit", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ postgres: Boolean(process.env.TEST_DATABASE_URL) });
  }, 120_000);
  afterAll(() => t?.close());

  it("allows the limit per window, then says how long to wait; a new window starts again", async () => {
    const rule = { limit: 3, windowSeconds: 600 };
    const start = new Date("2026-01-01T10:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    expect(await consumeRateLimit(t.db.prisma, "submit:u1", rule, at(0))).toEqual({ allowed: true, remaining: 2 });
    await consumeRateLimit(t.db.prisma, "submit:u1", rule, at(10));
    expect(await consumeRateLimit(t.db.prisma, "submit:u1", rule, at(20))).toEqual({ allowed: true, remaining: 0 });
    expect(await consumeRateLimit(t.db.prisma, "submit:u1", rule, at(120))).toEqual({ allowed: false, retryAfterSeconds: 480 });
    expect(await consumeRateLimit(t.db.prisma, "submit:u2", rule, at(120))).toMatchObject({ allowed: true });
    expect(await consumeRateLimit(t.db.prisma, "submit:u1", rule, at(600))).toMatchObject({ allowed: true });
  });

  it("counts concurrent actions exactly", async () => {
    const rule = { limit: 5, windowSeconds: 3600 };
    const results = await Promise.all(Array.from({ length: 12 }, () => consumeRateLimit(t.db.prisma, "decide:u9", rule)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });
});

describe("TokenBuckets", () => {
  it("allows a burst up to capacity, then refills at the rate", () => {
    const b = new TokenBuckets(3, 60);
    expect([0, 0, 0].map(() => b.take("s", 1000).allowed)).toEqual([true, true, true]);
    expect(b.take("s", 1000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(b.take("s", 2000).allowed).toBe(true);
    expect(b.take("other", 2000).allowed).toBe(true);
  });
});

describe("describeWait", () => {
  it("speaks in seconds, then minutes", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(42)).toBe("42 seconds");
    expect(describeWait(480)).toBe("8 minutes");
  });
});

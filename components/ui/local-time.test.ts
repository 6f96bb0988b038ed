import { describe, expect, it } from "vitest";
import { formatLocalTime, relativeTime } from "./local-time";

describe("times as the viewer reads them", () => {
  it("formats in a given zone with its name", () => {
    const at = new Date("2026-11-29T14:05:00Z");
    expect(formatLocalTime(at, "UTC")).toBe("29 Nov 2026, 14:05 UTC");
    expect(formatLocalTime(at, "Australia/Sydney")).toMatch(/30 Nov 2026, 01:05 GMT\+11|30 Nov 2026, 01:05 AEDT/);
  });

  it("says how long ago (or until) in words", () => {
    const now = new Date("2026-11-29T14:05:00Z");
    expect(relativeTime(new Date("2026-11-29T14:04:40Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2026-11-29T14:00:00Z"), now)).toBe("5 minutes ago");
    expect(relativeTime(new Date("2026-11-29T11:05:00Z"), now)).toBe("3 hours ago");
    expect(relativeTime(new Date("2026-11-28T14:05:00Z"), now)).toBe("yesterday");
    expect(relativeTime(new Date("2026-12-02T14:05:00Z"), now)).toBe("in 3 days");
  });
});

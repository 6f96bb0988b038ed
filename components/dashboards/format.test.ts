import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent, utilisationBand } from "./format";

describe("dashboard formats", () => {
  it("writes durations in the unit a reader expects", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(3.5 * 3600)).toBe("3.5 h");
    expect(formatDuration(3 * 86400)).toBe("3 days");
  });
  it("writes shares and their band at the 80 % and 95 % thresholds", () => {
    expect(formatPercent(87.54)).toBe("87.5 %");
    expect(formatPercent(Infinity)).toBe("no quota");
    expect([79.9, 80, 94.9, 95, 120].map(utilisationBand)).toEqual(["ok", "warn", "warn", "danger", "danger"]);
  });
});

import { describe, expect, it } from "vitest";
import { toUtcInput, utcInputToIso } from "@/lib/client/utc-input";
import { resolvePeriod } from "./backtest-period";

const now = Date.parse("2026-11-27T12:00:00Z");

describe("the backtest period", () => {
  it("counts a relative period back from now", () => {
    expect(resolvePeriod({ kind: "7d", from: "", to: "" }, now)).toEqual({ from: "2026-11-20T12:00:00.000Z", to: "2026-11-27T12:00:00.000Z" });
  });

  it("reads datetime-local inputs as UTC", () => {
    expect(utcInputToIso("2026-11-20T08:30")).toBe("2026-11-20T08:30:00.000Z");
    expect(toUtcInput(Date.parse("2026-11-20T08:30:00Z"))).toBe("2026-11-20T08:30");
    expect(resolvePeriod({ kind: "custom", from: "2026-11-20T08:00", to: "2026-11-21T08:00" }, now)).toEqual({ from: "2026-11-20T08:00:00.000Z", to: "2026-11-21T08:00:00.000Z" });
  });

  it.each([
    [{ from: "", to: "2026-11-21T08:00" }, ["from"]],
    [{ from: "2026-11-21T08:00", to: "nonsense" }, ["to"]],
    [{ from: "2026-11-21T08:00", to: "2026-11-21T08:00" }, ["to"]],
    [{ from: "2026-09-01T00:00", to: "2026-10-15T00:00" }, ["to"]],
  ])("names the input to fix (%o)", (times, paths) => {
    const r = resolvePeriod({ kind: "custom", ...times }, now);
    expect("issues" in r && r.issues.map((i) => i.path)).toEqual(paths);
  });
});

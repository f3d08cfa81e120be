import { describe, expect, it } from "vitest";
import { isInWeeklyWindow } from "./time-windows";
import { matchGlob } from "./glob";

// 2026-11-23 is a Monday.
const at = (iso: string) => Date.parse(iso);

describe("isInWeeklyWindow", () => {
  const office = { days: ["mon" as const], start: "09:00", end: "18:00" };
  it("includes the start and excludes the end", () => {
    expect(isInWeeklyWindow(office, at("2026-11-23T09:00:00Z"))).toBe(true);
    expect(isInWeeklyWindow(office, at("2026-11-23T17:59:00Z"))).toBe(true);
    expect(isInWeeklyWindow(office, at("2026-11-23T18:00:00Z"))).toBe(false);
    expect(isInWeeklyWindow(office, at("2026-11-24T10:00:00Z"))).toBe(false);
  });
  it("runs past midnight when the end is not after the start", () => {
    const night = { days: ["sat" as const], start: "22:00", end: "02:00" };
    expect(isInWeeklyWindow(night, at("2026-11-28T23:00:00Z"))).toBe(true);
    expect(isInWeeklyWindow(night, at("2026-11-29T01:59:00Z"))).toBe(true);
    expect(isInWeeklyWindow(night, at("2026-11-29T02:00:00Z"))).toBe(false);
  });
});

describe("matchGlob", () => {
  it("matches * and ? and escapes the rest", () => {
    expect(matchGlob("*", "checkout")).toBe(true);
    expect(matchGlob("pay*", "payments")).toBe(true);
    expect(matchGlob("db-?", "db-1")).toBe(true);
    expect(matchGlob("a.b", "axb")).toBe(false);
  });
});

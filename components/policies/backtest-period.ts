import { maxBacktestPeriodMs } from "@/lib/validations/policy";
import type { FieldIssue } from "@/lib/client/fetch-json";
import { utcInputToIso } from "@/lib/client/utc-input";

// The backtest's period as the editor holds it in the URL: a span back from now, or two UTC
// times from datetime-local inputs ("2026-11-20T08:00", read as UTC like every time shown).

export const relativePeriods = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type RelativePeriod = keyof typeof relativePeriods;
export const periodLabels: Record<RelativePeriod | "custom", string> = {
  "24h": "last 24 h",
  "7d": "last 7 days",
  "30d": "last 30 days",
  custom: "from … to …",
};

export type PeriodChoice = { kind: RelativePeriod | "custom"; from: string; to: string };

export const isRelativePeriod = (value: string | null): value is RelativePeriod => value !== null && value in relativePeriods;

/** The period to send, or the issues to show beside the inputs (same paths as the server's). */
export function resolvePeriod(choice: PeriodChoice, now: number): { from: string; to: string } | { issues: FieldIssue[] } {
  if (choice.kind !== "custom") return { from: new Date(now - relativePeriods[choice.kind]).toISOString(), to: new Date(now).toISOString() };
  const from = utcInputToIso(choice.from);
  const to = utcInputToIso(choice.to);
  const issues: FieldIssue[] = [];
  if (from === null) issues.push({ path: "from", message: "give a date and time" });
  if (to === null) issues.push({ path: "to", message: "give a date and time" });
  if (from !== null && to !== null) {
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) issues.push({ path: "to", message: "must be after from" });
    else if (span > maxBacktestPeriodMs) issues.push({ path: "to", message: "the period is at most 31 days" });
  }
  return from !== null && to !== null && issues.length === 0 ? { from, to } : { issues };
}

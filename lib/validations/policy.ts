import { z } from "zod";
import { backtestReportSchema } from "@/lib/policy/backtest-report";

export const savePolicySchema = z.object({
  yaml: z.string().min(1, "is required"),
  /** The version the author edited; a save on top of a newer one is refused (409). */
  baseVersion: z.number().int().min(0),
  comment: z.string().trim().max(500).optional(),
});
export type SavePolicyInput = z.infer<typeof savePolicySchema>;

export const validatePolicyInputSchema = z.object({ yaml: z.string() });

export const restorePolicySchema = z.object({ baseVersion: z.number().int().min(0), comment: z.string().trim().max(500).optional() });

export const policyVersionSchema = z.object({
  version: z.number(),
  yaml: z.string(),
  author: z.string(),
  comment: z.string().nullable(),
  diff: z.string(),
  restoredFrom: z.number().nullable(),
  createdAt: z.string(),
});
export type PolicyVersionDto = z.infer<typeof policyVersionSchema>;

export const policyErrorSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), line: z.number(), column: z.number(), message: z.string() });
export type PolicyErrorDto = z.infer<typeof policyErrorSchema>;

/** Longest period a backtest replays: a month of cycles (31 days, so any calendar month fits). */
export const maxBacktestPeriodMs = 31 * 24 * 3600_000;

const rfc3339 = z.iso.datetime({ offset: true, error: "must be an RFC 3339 time" });

export const backtestInputSchema = z
  .object({ yaml: z.string().min(1, "is required"), from: rfc3339, to: rfc3339 })
  .refine((b) => Date.parse(b.to) > Date.parse(b.from), { path: ["to"], message: "must be after from" })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= maxBacktestPeriodMs, { path: ["to"], message: "the period is at most 31 days" });
export type BacktestInput = z.infer<typeof backtestInputSchema>;

/** The report and the period it covers. `replayedUntil` is set when the period held more
 * cycles than one backtest reads: only those before it were replayed. */
export const backtestResultSchema = backtestReportSchema.extend({
  period: z.object({ from: z.string(), to: z.string(), replayedUntil: z.string().nullable() }),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;

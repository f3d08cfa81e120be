import { z } from "zod";
import { remediationFieldsSchema, requireTarget } from "./apply-remediation";
import { faultSpecSchema } from "./fault-catalog";
import { parseDocumentText, topologySchema } from "./topology-schema";

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "90s", "10m", "2h", "1d", "1h30m", or a number of milliseconds. */
export function parseDuration(input: string | number): number {
  if (typeof input === "number") return input;
  const parts = [...input.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== input.trim()) throw new Error(`not a duration: "${input}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}

const duration = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});

const instant = z.union([z.number().nonnegative(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === "number" ? v : Date.parse(v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: "custom", message: `not a time: "${v}" (use ISO 8601, e.g. 2026-01-14T15:00:00Z)` });
    return z.NEVER;
  }
  return ms;
});

/** One event: a fault to inject or a remediation to apply (exactly one), `at` after the start. */
export const scenarioEventSchema = z
  .object({
    at: duration,
    fault: faultSpecSchema.optional(),
    remediate: remediationFieldsSchema.extend({ idempotencyKey: z.string().min(1).max(200).optional() }).superRefine(requireTarget).optional(),
  })
  .strict()
  .refine((e) => (e.fault === undefined) !== (e.remediate === undefined), "an event has exactly one of `fault` or `remediate`");
export type ScenarioEvent = z.infer<typeof scenarioEventSchema>;

/** A repeatable run: a seed, a start time, a duration, and faults (and optionally
 * remediations) at offsets from the start. Times inside are milliseconds once parsed. */
export const scenarioSchema = z.object({
  name: z.string().min(1),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  /** Virtual start time; defaults to a weekday at 15:00 UTC, near the daily peak. */
  start: instant.default(Date.UTC(2026, 0, 14, 15)),
  duration,
  step: duration.default(5_000).refine((ms) => ms >= 100 && ms <= 60_000, "step must be between 100ms and 60s"),
  /** A topology file path (resolved by the caller) or an inline topology; default: the shop. */
  topology: z.union([z.string().min(1), topologySchema]).optional(),
  events: z.array(scenarioEventSchema).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** Parses a JSON or YAML scenario; throws an Error naming the line and field of each problem. */
export function parseScenarioText(text: string): Scenario {
  return parseDocumentText(scenarioSchema, text, "scenario");
}

import { z } from "zod";

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Milliseconds for "250ms", "15s", "5m", "1h", "1d" (one number, one unit), or undefined. */
export function parseDurationMs(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * unitMs[match[2]!]!;
}

/** A duration in milliseconds: a number (ms) or a string with a unit ("15s", "5m"). */
export const durationMsSchema = z
  .union([z.number(), z.string()], {
    error: 'expected a duration: milliseconds or a string like "15s", "5m", "1h"',
  })
  .transform((v, ctx) => {
    const ms = typeof v === "number" ? v : parseDurationMs(v);
    if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
      ctx.addIssue({
        code: "custom",
        message: `expected a positive duration: milliseconds or a string like "15s", "5m", "1h"`,
      });
      return z.NEVER;
    }
    return ms;
  });

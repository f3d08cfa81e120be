import { z } from "zod";

// Shapes of the NAB v1.1 files the scorer reads: labels/combined_windows.json and
// config/profiles.json. Timestamps there are "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC.

export const nabWindowsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));
export type NabWindows = z.infer<typeof nabWindowsSchema>;

export const costMatrixSchema = z.object({
  tpWeight: z.number(),
  fpWeight: z.number(),
  fnWeight: z.number(),
  tnWeight: z.number().optional(),
});
export type CostMatrix = z.infer<typeof costMatrixSchema>;

export const nabProfilesSchema = z.record(z.string(), z.object({ CostMatrix: costMatrixSchema }));
export type NabProfiles = z.infer<typeof nabProfilesSchema>;

export const nabProfileNames = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"] as const;
export type NabProfileName = (typeof nabProfileNames)[number];

const stampPattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** Parses a NAB timestamp as UTC into ms since the epoch; NaN when it is not one. */
export function parseNabTimestamp(text: string): number {
  const m = stampPattern.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
}

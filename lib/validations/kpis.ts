import { z } from "zod";
import { rangeMs, timeRangeSchema } from "./time-range";

/** `?range=now-1h` (the overview's picker) or `?hours=` (default 24); the range wins. */
export const kpiQuerySchema = z
  .object({ hours: z.coerce.number().int().min(1).max(24 * 31).default(24), range: timeRangeSchema.optional() })
  .transform((q) => ({ hours: q.range ? rangeMs(q.range) / 3_600_000 : q.hours }));

export const kpisSchema = z.object({
  /** The window, in hours (0.25 for the last 15 minutes). */
  hours: z.number(),
  /** Mean seconds from a fault's estimated onset to its incident opening; null with no incident. */
  mttdSeconds: z.number().nullable(),
  /** Mean seconds from onset to resolution, over resolved incidents. */
  mttrSeconds: z.number().nullable(),
  incidents: z.object({ opened: z.number(), open: z.number(), resolved: z.number() }),
  waitingApproval: z.number(),
  decisions: z.object({ auto: z.number(), human: z.number(), vetoes: z.number() }),
  actions: z.number(),
});
export type Kpis = z.infer<typeof kpisSchema>;

import { z } from "zod";
import { faultSpecSchema } from "@/lib/sim/fault-catalog";

export const injectFaultSchema = faultSpecSchema;

export const runScenarioSchema = z.object({
  /** A scenario document (YAML or JSON text), as in `scripts/sim.ts`. */
  scenario: z.string().min(1, "is required").max(200_000),
});

export const faultViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  service: z.string().nullable(),
  zone: z.string().optional(),
  node: z.string().optional(),
  onsetMs: z.number(),
  heals: z.array(z.string()),
  mitigatedAtMs: z.number().nullable(),
  mitigatedBy: z.string().nullable(),
  endedAtMs: z.number().nullable(),
});
export type FaultView = z.infer<typeof faultViewSchema>;

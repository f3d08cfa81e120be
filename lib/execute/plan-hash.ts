import { createHash } from "node:crypto";
import { z } from "zod";
import { planProposalSchema, type Diagnosis } from "@/lib/plan/types";
import { canonicalJson } from "./canonical-json";

// A plan is immutable once proposed: approval binds to the hash of everything below, so
// changing any field (an action, a target, a parameter, the requester, the state the plan was
// based on) makes a different plan that needs its own approval.

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The state a plan was based on: which cycle and diagnosis, and the values observed then. */
export const planBasisSchema = z.object({
  /** Null for a plan an operator proposed by hand outside a loop cycle. */
  cycleId: z.string().min(1).nullable(),
  diagnosisId: z.string().min(1).nullable(),
  /** When the observed values were seen (ms since epoch). */
  observedAt: z.number(),
  /** Key observed values, e.g. errorRate, latencyP99Ms, replicas, severity, version. */
  observed: z.record(z.string(), scalar),
});
export type PlanBasis = z.infer<typeof planBasisSchema>;

/** What the hash covers. `requestedBy` is "loop" for loop-proposed plans, else a user id. */
export const planContentSchema = z.object({
  version: z.number().int().positive(),
  requestedBy: z.string().min(1),
  basis: planBasisSchema,
  proposal: planProposalSchema,
});
export type PlanContent = z.infer<typeof planContentSchema>;

export const loopRequester = "loop";

/** The canonical bytes of a plan: sorted keys at every level, undefined fields dropped. */
export const canonicalPlan = (content: PlanContent): string => canonicalJson(content);

/** SHA-256 of the canonical form, lowercase hex (64 characters). */
export const planContentHash = (content: PlanContent): string =>
  createHash("sha256").update(canonicalPlan(content)).digest("hex");

/** The basis for a plan made from a diagnosis: its key observed values, flattened. */
export function basisFromDiagnosis(
  cycleId: string | null,
  diagnosisId: string | null,
  d: Diagnosis,
): PlanBasis {
  const observed: Record<string, string | number | boolean> = {
    service: d.service,
    failureClass: d.failureClass,
    severity: d.severity,
    confidence: d.confidence,
    anomalyScore: d.anomalyScore,
    rootCause: d.rootCause.service,
  };
  for (const [k, v] of Object.entries(d.metrics)) if (v !== undefined) observed[`metrics.${k}`] = v;
  if (d.version.current !== undefined) observed["version.current"] = d.version.current;
  if (d.version.previous !== undefined) observed["version.previous"] = d.version.previous;
  for (const k of ["zone", "node", "dependency"] as const) {
    const v = d[k];
    if (v !== undefined) observed[k] = v;
  }
  return { cycleId, diagnosisId, observedAt: d.detectedAt, observed };
}

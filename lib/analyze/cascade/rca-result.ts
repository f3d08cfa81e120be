import { z } from "zod";
import { dependencyGraphSchema } from "./dependency-graph";

// The batch RCA output. Times are Unix seconds like the input; z values are robust z against
// each metric's own pre-incident baseline (median, MAD/IQR), capped at ±20.

export const evidenceSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("anomaly"),
    /** Belief in [0, 1] that the service itself is anomalous. */
    anomaly: z.number(),
    /** Mean |robust z| of its three most shifted metrics. */
    strength: z.number(),
    onset: z.number().nullable(),
    shiftedMetrics: z.number().int(),
    metrics: z.number().int(),
  }),
  z.object({
    kind: z.literal("metric"),
    metric: z.string(),
    /** Signed median robust z since onset. */
    z: z.number(),
    peakZ: z.number(),
    onset: z.number().nullable(),
    baseline: z.object({ median: z.number(), iqr: z.number(), mad: z.number(), points: z.number().int() }),
    /** The series looked like a cumulative counter: scored (and its baseline given) as a rate per second. */
    asRate: z.boolean(),
  }),
  z.object({
    kind: z.literal("explains"),
    /** An anomalous service this candidate's fault would account for (at most 25 such entries
     * per candidate, nearest first). */
    service: z.string(),
    /** upstream: the anomaly climbed to a caller; downstream: it reached a callee. */
    direction: z.enum(["upstream", "downstream"]),
    /** Services along the edges from the candidate to `service`. */
    path: z.array(z.string()),
    lagSeconds: z.number().nullable(),
  }),
  z.object({
    kind: z.literal("explained-by"),
    /** The higher-ranked cause whose fault accounts for this service's anomaly. */
    service: z.string(),
    path: z.array(z.string()),
  }),
  z.object({
    kind: z.literal("unexplained"),
    /** Anomalous services this candidate cannot account for (unrelated, or anomalous earlier):
     * the first 25, and how many there are. */
    services: z.array(z.string()),
    total: z.number().int(),
  }),
]);
export type Evidence = z.infer<typeof evidenceSchema>;

export const rankedServiceSchema = z.object({
  service: z.string(),
  /** Posterior probability in [0, 1] that this service is the root cause; scores sum to 1. */
  score: z.number(),
  evidence: z.array(evidenceSchema),
});
export type RankedService = z.infer<typeof rankedServiceSchema>;

export const cascadeSchema = z.object({
  root: z.string(),
  /** Affected services reached from the root along anomalous edges, by onset. */
  path: z.array(z.object({ service: z.string(), onset: z.number().nullable(), anomaly: z.number() })),
  hops: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      direction: z.enum(["upstream", "downstream"]),
      lagSeconds: z.number().nullable(),
    }),
  ),
  /** Anomalous services not reached from the root (a second problem, or noise). */
  otherAnomalous: z.array(z.string()),
  /** Callers of affected services that are not anomalous yet, most likely first. */
  atRisk: z.array(z.object({ service: z.string(), probability: z.number(), via: z.array(z.string()) })),
  /** Per-edge chance that an anomaly climbs from a callee to its caller, from this incident. */
  edgePropagation: z.number(),
  /** Chance that at least one at-risk service becomes anomalous. */
  spreadProbability: z.number(),
  blastRadius: z.object({
    services: z.array(z.string()),
    /** Share in [0, 1] of request traffic handled by those services. */
    trafficShare: z.number(),
    /** Where the traffic weights came from: the input's `traffic`, a request-rate-like metric, or degree. */
    trafficBasis: z.enum(["traffic", "metric", "degree"]),
  }),
  criticalAtRisk: z.array(
    z.object({ service: z.string(), status: z.enum(["affected", "at-risk"]), probability: z.number() }),
  ),
});
export type Cascade = z.infer<typeof cascadeSchema>;

export const rcaResultSchema = z.object({
  ranking: z.array(rankedServiceSchema),
  cascade: cascadeSchema,
  graph: dependencyGraphSchema,
});
export type RcaResult = z.infer<typeof rcaResultSchema>;

import { z } from "zod";

/** What happened in an incident, read from its status and its plans' states. An incident
 * can have several (a rollback, then a restart that healed it). */
export const incidentOutcomes = ["open", "healed", "rolled-back", "failed", "vetoed", "expired", "no-action"] as const;
export type IncidentOutcome = (typeof incidentOutcomes)[number];
export const incidentOutcomeLabels: Record<IncidentOutcome, string> = {
  open: "still open",
  healed: "healed by an action (verified)",
  "rolled-back": "an action rolled back",
  failed: "an action failed",
  vetoed: "a plan vetoed",
  expired: "a plan expired unanswered",
  "no-action": "resolved without an action",
};

/** Relative time ranges, counted back from the time of the request. */
export const incidentRanges = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type IncidentRange = keyof typeof incidentRanges;

/** Who decided on an incident's plans: "policy" (auto-approved by any rule), "rule:<id>"
 * (by that rule), "human" (anyone), "loop" (nobody: no plan was decided), or a user name. */
export const deciderKeywords = ["policy", "human", "loop"] as const;

const time = z.iso.datetime({ offset: true, error: "must be an RFC 3339 time" });

export const incidentQuerySchema = z
  .object({
    status: z.enum(["open", "resolved"]).optional(),
    service: z.string().max(200).optional(),
    q: z.string().max(200).optional(),
    /** Incidents active at some point of the period: opened before its end, not resolved before its start. */
    range: z.enum(Object.keys(incidentRanges) as [IncidentRange, ...IncidentRange[]], { error: `must be one of ${Object.keys(incidentRanges).join(", ")}` }).optional(),
    from: time.optional(),
    to: time.optional(),
    outcome: z.enum(incidentOutcomes, { error: `must be one of ${incidentOutcomes.join(", ")}` }).optional(),
    decider: z.string().trim().min(1).max(200).optional(),
    /** Page on: the incidents listed after the one with this number. */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.range === undefined || (q.from === undefined && q.to === undefined), { path: ["range"], message: "give a range or from/to, not both" })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.to) > Date.parse(q.from), { path: ["to"], message: "must be after from" });
export type IncidentQuery = z.infer<typeof incidentQuerySchema>;

export const incidentSchema = z.object({
  id: z.string(),
  number: z.number(),
  status: z.enum(["open", "resolved"]),
  title: z.string(),
  rootService: z.string().nullable(),
  services: z.array(z.string()),
  failureClass: z.string().nullable(),
  openedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  plans: z.array(z.object({ id: z.string(), number: z.number(), status: z.string(), strategy: z.string() })),
  outcomes: z.array(z.enum(incidentOutcomes)),
  /** Who decided its plans: user names, and "rule:<id>" for auto-approvals. */
  deciders: z.array(z.string()),
  /** The older incident it was folded into when both found the same root cause. */
  mergedInto: z.object({ id: z.string(), number: z.number() }).nullable(),
});
export type IncidentDto = z.infer<typeof incidentSchema>;

export const cycleEntrySchema = z.object({ tickAt: z.string(), anomalous: z.boolean(), record: z.unknown() });
export type CycleEntry = z.infer<typeof cycleEntrySchema>;

/** A decision on one of the incident's plans, for the review: who (a user name or
 * "rule:<id>@<version>"), what and why. */
export const incidentDecisionSchema = z.object({
  planId: z.string(),
  planNumber: z.number(),
  strategy: z.string(),
  service: z.string(),
  kind: z.enum(["approve", "veto", "auto_approve"]),
  decider: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});
export type IncidentDecision = z.infer<typeof incidentDecisionSchema>;

/** What the incident page replays: the incident, its cycles oldest first and the decisions on its plans. */
export type IncidentDetail = IncidentDto & { cycles: CycleEntry[]; decisions: IncidentDecision[] };

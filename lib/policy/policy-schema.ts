import { z } from "zod";
import { constraintSettingsSchema } from "@/lib/plan/check-constraints";
import { failureClassSchema, remediationLevels, severitySchema, strategyIdSchema } from "@/lib/plan/types";

// The policy document. Field names are what an SRE types in YAML; defaults make a short
// document mean the conservative thing (nothing auto-approved, one approver).

const isoTime = z.iso.datetime({
  offset: true,
  message: "expected an ISO 8601 date-time, e.g. 2026-11-27T18:00:00Z",
});
const share = z.number().min(0).max(1);

export const ruleMatchSchema = z.strictObject({
  services: z.array(z.string().min(1)).min(1).default(["*"]),
  /** Every listed label must be present with this value. */
  labels: z.record(z.string(), z.string()).default({}),
  /** No listed label may have this value. */
  excludeLabels: z.record(z.string(), z.string()).default({}),
  /** Omitted: every failure class. */
  failureClasses: z.array(failureClassSchema).min(1).optional(),
  minSeverity: severitySchema.default("info"),
  minConfidence: share.default(0),
});
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const autoApproveSchema = z.strictObject({
  strategies: z.array(strategyIdSchema).min(1),
  /**
   * Largest replica count any action may touch. Actions on a whole service (a rollback, a
   * pool reset) qualify only with "all", which must be written out.
   */
  maxReplicas: z
    .union([z.number().int().positive(), z.literal("all")], {
      error: 'expected a positive whole number of replicas, or "all"',
    })
    .default(1),
  /** At most this many auto-approved actions through this rule per window. */
  maxActions: z.number().int().positive(),
  windowMinutes: z.number().int().positive().default(60),
  maxBlastRadius: share.default(1),
});
export type AutoApprove = z.infer<typeof autoApproveSchema>;

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "rule ids are lowercase words joined by dashes"),
  description: z.string().default(""),
  match: ruleMatchSchema.default(() => ruleMatchSchema.parse({})),
  allow: z.array(strategyIdSchema).default([]),
  deny: z.array(strategyIdSchema).default([]),
  autoApprove: autoApproveSchema.optional(),
  /**
   * 2: every plan for a diagnosis this rule matches needs two approvers (and so is never
   * auto-approved), whichever rule allows it. The blast-radius threshold can also require two.
   */
  approvers: z.union([z.literal(1), z.literal(2)]).default(1),
  allowWildcardTargets: z.boolean().default(false),
});
export type PolicyRule = z.infer<typeof ruleSchema>;

export const maxHoldDays = 90;

export const holdSchema = z
  .strictObject({
    service: z.string().min(1),
    reason: z.string().trim().min(1, "a hold needs a reason"),
    from: isoTime,
    until: isoTime,
    by: z.string().optional(),
  })
  .refine((h) => Date.parse(h.until) > Date.parse(h.from), {
    message: "until must be after from",
    path: ["until"],
  })
  // Time-boxed: a hold that outlives a quarter is a decision to stop managing the service,
  // which belongs in the rules, not in a hold someone forgot.
  .refine((h) => Date.parse(h.until) - Date.parse(h.from) <= maxHoldDays * 86_400_000, {
    message: `a hold lasts at most ${maxHoldDays} days`,
    path: ["until"],
  });
export type Hold = z.infer<typeof holdSchema>;

export const escalationStepSchema = z.strictObject({
  maxAttempts: z.number().int().min(0),
  /** Wait after a failed attempt before the next one; doubles with each failure in the level. */
  backoffSeconds: z.number().min(0),
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

const defaultEscalation = {
  light: { maxAttempts: 2, backoffSeconds: 120 },
  resource: { maxAttempts: 2, backoffSeconds: 300 },
  infrastructure: { maxAttempts: 1, backoffSeconds: 600 },
  emergency: { maxAttempts: 1, backoffSeconds: 600 },
};

export const escalationSchema = z.strictObject(
  Object.fromEntries(
    remediationLevels.map((l) => [l, escalationStepSchema.default(defaultEscalation[l])]),
  ) as Record<(typeof remediationLevels)[number], z.ZodDefault<typeof escalationStepSchema>>,
);
export type Escalation = z.infer<typeof escalationSchema>;

export const policySchema = z
  .strictObject({
    version: z.number().int().positive(),
    name: z.string().min(1),
    description: z.string().default(""),
    constraints: constraintSettingsSchema.default(() => constraintSettingsSchema.parse({})),
    escalation: escalationSchema.default(() => escalationSchema.parse({})),
    planning: z
      .strictObject({
        /**
         * Plans whose posterior success is below this are skipped while a plausible plan
         * remains at a later level, so a fault with a known fix does not sit through every
         * cheaper long shot first. When no plan reaches it, every plan is a candidate again.
         */
        minSuccess: share.default(0.4),
      })
      .default({ minSuccess: 0.4 }),
    approvals: z
      .strictObject({
        /** Plans whose blast radius (share of traffic) exceeds this need two approvers. */
        twoApproversAboveBlastRadius: share.default(0.3),
      })
      .default({ twoApproversAboveBlastRadius: 0.3 }),
    holds: z.array(holdSchema).default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "id"],
          message: `duplicate rule id ${r.id} (first at rules[${first}])`,
        });
      else seen.set(r.id, i);
    });
    const windows = new Set<string>();
    p.constraints.maintenanceWindows.forEach((w, i) => {
      if (windows.has(w.id))
        ctx.addIssue({
          code: "custom",
          path: ["constraints", "maintenanceWindows", i, "id"],
          message: `duplicate window id ${w.id}`,
        });
      windows.add(w.id);
    });
    p.rules.forEach((r, i) =>
      r.autoApprove?.strategies.forEach((s, j) => {
        if (!r.allow.includes(s))
          ctx.addIssue({
            code: "custom",
            path: ["rules", i, "autoApprove", "strategies", j],
            message: `${s} is auto-approved but not in this rule's allow list`,
          });
      }),
    );
  });
export type Policy = z.infer<typeof policySchema>;

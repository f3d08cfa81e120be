// A policy that lets the loop heal on its own: every catalog strategy is auto-approved, with
// no peak hours, maintenance windows or quorum, and budgets only as a runaway guard. For the
// virtual-time benchmark (MTTR "with an auto-approving policy") and demos; never the default.
export const autopilotPolicyYaml = `version: 1
name: autopilot
description: Benchmarks and demos only. Every strategy runs without a human.

constraints:
  stressSaturation: 1.5
  budgets:
    - id: runaway-guard
      scope: service
      windowMinutes: 10
      maxActions: 5

escalation:
  light: { maxAttempts: 2, backoffSeconds: 30 }
  resource: { maxAttempts: 2, backoffSeconds: 60 }
  infrastructure: { maxAttempts: 1, backoffSeconds: 60 }
  emergency: { maxAttempts: 1, backoffSeconds: 60 }

approvals:
  twoApproversAboveBlastRadius: 1

rules:
  - id: autopilot
    description: Everything, automatically.
    allow: &all
      - restart-replica
      - reset-pool
      - warm-cache
      - rollback
      - scale-out
      - scale-in
      - reallocate-resources
      - rebalance-load
      - replace-node
      - isolate-dependency
      - failover-zone
      - degrade
      - emergency-drain
    autoApprove:
      strategies: *all
      maxReplicas: all
      maxActions: 1000
`;

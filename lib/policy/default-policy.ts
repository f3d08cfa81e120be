// The policy a fresh installation starts with: conservative. Only a restart of one replica
// of a service not labelled critical runs without a human, at most three an hour per rule;
// plans that can disturb more than 30% of traffic need two approvers.
export const defaultPolicyYaml = `version: 1
name: default
description: Conservative starting policy. Humans approve everything but single-replica restarts.

constraints:
  # UTC. Disruptive strategies wait outside these hours unless the diagnosis is critical.
  peakHours:
    - days: [mon, tue, wed, thu, fri]
      start: "08:00"
      end: "20:00"
  maintenanceWindows:
    - id: sunday-night
      services: ["*"]
      days: [sun]
      start: "01:00"
      end: "05:00"
  # Node replacement, circuit breakers and zone failover wait for a window unless critical.
  maintenanceOnlyLevels: [infrastructure]
  stressSaturation: 0.85
  budgets:
    - id: per-service-hourly
      scope: service
      windowMinutes: 60
      maxActions: 4
    - id: fleet-hourly
      scope: global
      windowMinutes: 60
      maxActions: 20

escalation:
  light: { maxAttempts: 2, backoffSeconds: 120 }
  resource: { maxAttempts: 2, backoffSeconds: 300 }
  infrastructure: { maxAttempts: 1, backoffSeconds: 600 }
  emergency: { maxAttempts: 1, backoffSeconds: 600 }

planning:
  # Skip long shots (posterior success below 40%) while a plausible fix remains.
  minSuccess: 0.4

approvals:
  twoApproversAboveBlastRadius: 0.3

holds: []

rules:
  - id: restart-non-critical
    description: One replica of a non-critical service may be restarted without a human.
    match:
      services: ["*"]
      excludeLabels: { tier: critical }
      minConfidence: 0.6
    allow: [restart-replica]
    autoApprove:
      strategies: [restart-replica]
      maxReplicas: 1
      maxActions: 3
      windowMinutes: 60
      maxBlastRadius: 0.3

  - id: regulated-stays-in-region
    description: Regulated services never fail over out of their region.
    match:
      labels: { regulated: "true" }
    deny: [failover-zone, emergency-drain]

  - id: human-approved-remediation
    description: Every other catalog strategy, with a human's approval.
    match:
      services: ["*"]
      minSeverity: warning
    allow:
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
`;

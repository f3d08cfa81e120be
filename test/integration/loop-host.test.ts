import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMonitorConfig } from "@/lib/monitor/config/monitor-config";
import { autopilotPolicyYaml } from "@/lib/policy/autopilot-policy";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { POST as backtest } from "@/app/api/v1/policies/backtest/route";
import { POST as approve } from "@/app/api/v1/plans/[id]/approve/route";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import type { BacktestReport } from "@/lib/policy/backtest-report";
import { fleetKpis } from "@/lib/server/incidents/fleet-kpis";
import { incidentPostmortem } from "@/lib/server/incidents/postmortem";
import { compactOldCycles } from "@/lib/server/loop/compact-old-cycles";
import type { LoopState } from "@/lib/loop/loop-state";
import { LoopHost } from "@/lib/server/loop/loop-host";
import { MonitorHost } from "@/lib/server/monitor/monitor-host";
import { livePolicyVersion, savePolicy } from "@/lib/server/policies/policy-versions";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";

// The whole loop as the server hosts it, on the simulated fleet under a fake clock: samples
// flow from the Monitor to the loop, cycles and incidents are stored, the plan goes through
// the gate (auto-approved by the autopilot policy's rule), the executor runs it against the
// fleet, and the loop verifies the recovery.

describe("the loop hosted in the server", () => {
  let app: AppDatabase;
  let clock = Date.UTC(2026, 0, 14, 14, 0, 0);
  let monitor: MonitorHost;
  let loop: LoopHost;

  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    const live = await livePolicyVersion(app.db.prisma);
    await savePolicy(app.db.prisma, { yaml: autopilotPolicyYaml, baseVersion: live.version }, "test");
    monitor = new MonitorHost({ ...defaultMonitorConfig, sources: { ...defaultMonitorConfig.sources, simulated: { enabled: true, seed: 7, speed: 1 } } }, clock);
    loop = new LoopHost(monitor, { tickMs: 10_000, clock: () => clock });
  }, 120_000);
  afterAll(async () => {
    loop.stop();
    await app.dispose();
  });

  async function run(minutes: number, until?: () => Promise<boolean>): Promise<void> {
    const end = clock + minutes * 60_000;
    while (clock < end) {
      for (let i = 0; i < 2; i++) {
        clock += 5_000;
        monitor.tick(clock);
      }
      await loop.tickOnce(new Date(clock));
      if (until && (await until())) return;
    }
  }

  it("detects a bad deploy, rolls it back through the gate, verifies and resolves the incident", async () => {
    await run(30);
    expect(await app.db.prisma.incident.count()).toBe(0);
    const fault = monitor.fleet!.inject({ kind: "bad-deploy", service: "checkout", errorRate: 0.3 }, clock);

    await run(30, async () => (await app.db.prisma.incident.count({ where: { status: "resolved" } })) > 0);

    const incident = await app.db.prisma.incident.findFirstOrThrow({ include: { plans: { include: { decisions: true, executions: true } } } });
    expect(incident).toMatchObject({ rootService: "checkout", failureClass: "bad-deploy", status: "resolved" });
    const plan = incident.plans[0]!;
    expect(plan.status).toBe("healed");
    expect(plan.decisions.map((d) => d.kind)).toEqual(["auto_approve"]);
    expect(plan.executions).toHaveLength(1);
    expect(monitor.fleet!.current.faults.find((f) => f.id === fault.id)?.mitigatedBy).toBeTruthy();

    const cycles = await app.db.prisma.cycle.count({ where: { incidentId: incident.id } });
    expect(cycles).toBeGreaterThan(2);
    const stat = await app.db.prisma.knowledgeStat.findFirstOrThrow({ where: { failureClass: "bad-deploy" } });
    expect(stat.succeeded).toBe(1);
    const actions = (await app.db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["incident.open", "plan.propose", "plan.auto-approved", "plan.claim", "plan.executed", "plan.verified-healed", "incident.resolve"]));
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
  }, 300_000);

  it("backtests the recorded period through another policy, from the API", async () => {
    const operator = await sessionCookie(await addUser(app.db, "bt-operator", "operator"));
    const from = new Date(Date.UTC(2026, 0, 14, 13)).toISOString();
    const to = new Date(clock + 60_000).toISOString();
    const send = async (yaml: string) => {
      const res = await backtest(apiRequest("/api/v1/policies/backtest", { method: "POST", cookie: operator, body: { yaml, from, to } }), routeContext());
      expect(res.status).toBe(200);
      return (await res.json()) as BacktestReport;
    };
    const autopilot = await send(autopilotPolicyYaml);
    expect(autopilot.cycles).toBeGreaterThan(100);
    expect(autopilot.recorded.autoApproved).toBe(1);
    expect(autopilot.draft.autoExecuted).toBe(1);
    // The conservative default auto-approves only single-replica restarts: the rollback
    // that ran by itself would have waited for a person.
    const conservative = await send(defaultPolicyYaml);
    expect(conservative.draft.autoExecuted).toBe(0);
    expect(conservative.draft.needsApproval + conservative.draft.blocked).toBeGreaterThanOrEqual(1);

    const bad = await backtest(apiRequest("/api/v1/policies/backtest", { method: "POST", cookie: operator, body: { yaml: "rules: [", from, to } }), routeContext());
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { issues: { line?: number }[] }).issues[0]?.line).toBe(1);
  }, 60_000);

  it("exports the incident as a Markdown post-mortem", async () => {
    const incident = await app.db.prisma.incident.findFirstOrThrow();
    const md = await incidentPostmortem(app.db.prisma, incident.id);
    expect(md).toMatch(/^# INC-\d+: bad deploy on checkout/);
    expect(md).toContain("## Timeline");
    expect(md).toMatch(/auto-approve by rule:/);
    expect(md).toMatch(/Executed .*succeeded/);
  });

  it("reports detection and remediation times and who decided", async () => {
    const kpis = await fleetKpis(app.db.prisma, 24, new Date(clock));
    expect(kpis.incidents).toEqual({ opened: 1, open: 0, resolved: 1 });
    expect(kpis.mttdSeconds).toBeGreaterThan(0);
    expect(kpis.mttrSeconds).toBeGreaterThan(kpis.mttdSeconds!);
    expect(kpis.decisions).toEqual({ auto: 1, human: 0, vetoes: 0 });
    expect(kpis.actions).toBe(1);
  });

  it("verifies a plan a person proposed and another approved, like one of its own", async () => {
    const otto = await addUser(app.db, "hand-operator", "operator");
    const ann = await sessionCookie(await addUser(app.db, "hand-approver", "approver"));
    // The approval route reads the wall clock, so the plan is proposed on it too (the loop runs on the fake one).
    const plan = await proposePlan(app.db.prisma, planContent({ requestedBy: otto.id, service: "cart" }), { now: new Date() });
    const res = await approve(apiRequest(`/api/v1/plans/${plan.id}/approve`, { method: "POST", cookie: ann, body: { planHash: plan.contentHash, planVersion: plan.version } }), routeContext({ id: plan.id }));
    expect(res.status).toBe(200);

    const status = async () => (await app.db.prisma.plan.findUniqueOrThrow({ where: { id: plan.id } })).status;
    await run(10, async () => !["approved", "executing", "verifying"].includes(await status()));

    expect(await status()).toBe("healed");
    const verified = await app.db.prisma.auditEvent.findFirst({ where: { action: "plan.verified-healed", target: `plan:${plan.number}` } });
    const data = verified?.data as { verdict: string; reason: string } | undefined;
    expect(data?.verdict).toBe("healed");
    expect(data?.reason).toContain("pre-action baseline");
  }, 120_000);

  it("folds aged cycles into their incident's summary and drops the rest", async () => {
    const before = await app.db.prisma.cycle.count();
    const result = await compactOldCycles(app.db.prisma, new Date(clock + 60_000));
    expect(result.compacted + result.dropped).toBe(before);
    expect(await app.db.prisma.cycle.count()).toBe(0);
    const incident = await app.db.prisma.incident.findFirstOrThrow();
    const summary = incident.summary as { digest: { rootCause: string; plans: unknown[] }; compactedCycles: number };
    expect(summary.digest.rootCause).toBe("checkout");
    expect(summary.digest.plans).toHaveLength(1);
    expect(summary.compactedCycles).toBe(result.compacted);
  });

  it("tells the loop when the executor refuses its approved plan for good, so the incident does not wait on it for ever", async () => {
    // The kill switch holds the auto-approved rollback until its approval expires; the
    // executor then refuses it for good. Unheard, the loop would keep the plan "approved" and
    // its incident open (absorbing every later anomaly nearby) long after a person fixed it.
    await app.db.prisma.automationPause.create({ data: { service: "*", reason: "bridge open", pausedBy: "user:kim", at: new Date(clock) } });
    monitor.fleet!.inject({ kind: "bad-deploy", service: "cart", errorRate: 0.3 }, clock);
    const loopPlans = () => (loop as unknown as { state: LoopState }).state.plans;
    const refused = async () => (await app.db.prisma.auditEvent.count({ where: { action: "plan.refused" } })) > 0;
    await run(30, refused);
    expect(await refused()).toBe(true);
    const plan = await app.db.prisma.plan.findFirstOrThrow({ where: { status: "failed" }, include: { incident: true } });
    expect(plan.incident?.rootService).toBe("cart");

    await run(1);
    const loopId = Object.values(loopPlans()).find((p) => p.service === "cart" && p.strategy === "rollback")?.id;
    expect(loopId && loopPlans()[loopId]?.status).toBe("failed");
    await app.db.prisma.automationPause.deleteMany();
  }, 300_000);
});

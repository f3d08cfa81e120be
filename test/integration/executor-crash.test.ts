import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/execute/webhook-request";
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { decidePlan } from "@/lib/server/plans/decide-plan";
import { proposePlan } from "@/lib/server/plans/propose-plan";
import { addUser, createAppDatabase, type AppDatabase } from "../helpers/app-database";
import { planContent } from "../helpers/plan-fixture";
import { testDatabaseKinds } from "../helpers/test-database";

// The executor is killed (SIGKILL) 100 times: at every phase boundary between the claim and
// the recorded end, and at random moments, while approved plans (two steps each) wait. After
// every restart the invariants hold: an execution only for an approved plan, at most one per
// plan, each step applied once at the receiver (which deduplicates by Idempotency-Key, as the
// webhook contract asks), and in the end every approved plan executed and the audit chain
// intact. PostgreSQL only: PGlite belongs to one process, and the test needs several.

const runs = 100;
const secret = "crash-test-secret-0123456789";

describe.runIf(testDatabaseKinds().includes("postgres"))("the executor killed at random and at every phase", () => {
  let app: AppDatabase;
  let receiver: http.Server;
  let receiverUrl: string;
  const applied = new Map<string, number>(); // idempotency key → deliveries
  let approver: { id: string; name: string };
  const refused: string[] = [];
  let killed = 0;

  beforeAll(async () => {
    app = await createAppDatabase("postgres");
    approver = await addUser(app.db, "ann", "approver");
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        const check = verifyWebhookSignature(secret, String(req.headers["x-homeostat-signature"]), body, Date.now() + 10 * 24 * 3600_000, 30 * 24 * 3600);
        if (!check.ok) {
          refused.push(check.reason);
          res.writeHead(401).end();
          return;
        }
        const key = String(req.headers["idempotency-key"]);
        applied.set(key, (applied.get(key) ?? 0) + 1);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/runbook`;
  });
  afterAll(async () => {
    receiver.close();
    await app.dispose();
  });

  // Plans are proposed and approved at the executors' (virtual) time, so an approval is as
  // fresh for them as it would be in real time.
  async function addPlans(count: number, approve: boolean, at: Date): Promise<void> {
    for (let i = 0; i < count; i++) {
      const content = planContent({ service: `svc-${Math.random().toString(36).slice(2, 8)}` });
      content.proposal.actions = [0, 1].map((step) => ({ kind: "restart" as const, target: { service: content.proposal.service, replicas: 1 }, params: { step } }));
      const plan = await proposePlan(app.db.prisma, content, { now: at });
      if (approve) await decidePlan(app.db.prisma, plan.id, { type: "approve", planHash: plan.contentHash, planVersion: plan.version }, { kind: "user", id: approver.id, name: approver.name, role: "approver" }, at);
    }
  }

  function runChild(clockMs: number, crash: { phase?: string; after?: number; killAfterMs?: number }): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/crash/executor-child.ts"], {
      env: { ...process.env, DATABASE_URL: app.url, RECEIVER_URL: receiverUrl, RECEIVER_SECRET: secret, CLOCK_MS: String(clockMs), CRASH_PHASE: crash.phase ?? "", CRASH_AFTER: String(crash.after ?? 1), HOMEOSTAT_LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = crash.killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), crash.killAfterMs);
    return new Promise((resolve, reject) => {
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (signal === "SIGKILL") killed++;
        if (code !== 0 && signal !== "SIGKILL") reject(new Error(`executor exited with ${code}: ${stderr.slice(-2000)}`));
        else resolve();
      });
    });
  }

  async function checkInvariants(): Promise<void> {
    const executions = await app.db.prisma.execution.findMany({ include: { plan: { include: { decisions: true } } } });
    for (const e of executions) {
      // No execution without a valid approval.
      expect(e.plan.decisions.some((d) => d.kind === "approve" || d.kind === "auto_approve"), `plan ${e.plan.number}`).toBe(true);
      expect(e.plan.decisions.some((d) => d.kind === "veto")).toBe(false);
    }
    // None twice: one execution row per plan (a unique column), and no key applied twice.
    expect(new Set(executions.map((e) => e.planId)).size).toBe(executions.length);
    expect(refused).toEqual([]);
  }

  it(`keeps every invariant through ${runs} kills, and finishes every approved plan`, async () => {
    const phases = ["claimed", "step-sent", "finishing", "finished"];
    let clock = Date.now();
    await addPlans(2, false, new Date(clock)); // never approved: must never run
    // Until the executor has been killed `runs` times: a process that ran out of work before
    // its crash point (it exits by itself) does not count, and the next one gets more plans.
    let attempts = 0;
    while (killed < runs) {
      expect(attempts++, "too many runs ended without a kill").toBeLessThan(runs * 2);
      clock += 120_000; // past the last process's lease
      const waiting = await app.db.prisma.plan.count({ where: { status: "approved" } });
      if (waiting < 4) await addPlans(4 - waiting, true, new Date(clock - 1_000));
      const random = attempts % 5 === 0;
      await runChild(clock, random ? { killAfterMs: 300 + Math.floor(Math.random() * 1200) } : { phase: phases[attempts % 4], after: 1 + (attempts % 3) });
      await checkInvariants();
    }
    clock += 120_000;
    await runChild(clock, {}); // one last executor that is left to finish

    await checkInvariants();
    const approvedPlans = await app.db.prisma.plan.findMany({ where: { decisions: { some: { kind: "approve" } } }, include: { executions: true } });
    expect(approvedPlans.length).toBeGreaterThan(20);
    // Each process's clock runs two minutes past the last one's lease, so a plan that waited
    // through enough runs outlives its approval: the gate then refuses it (no execution, an
    // audit row saying why). Every other approved plan ran exactly once.
    let executed = 0;
    for (const plan of approvedPlans) {
      if (plan.executions.length === 0) {
        expect(plan.status, `plan ${plan.number}`).toBe("failed");
        expect(await app.db.prisma.auditEvent.count({ where: { action: "plan.refused", target: `plan:${plan.number}` } })).toBe(1);
        continue;
      }
      executed++;
      expect(plan.executions, `plan ${plan.number}`).toHaveLength(1);
      expect(plan.executions[0]!.status).toBe("succeeded");
      expect(plan.status).toBe("verifying");
      for (const step of [0, 1]) expect(applied.has(`homeostat:${plan.id}:${step}:execute`), `plan ${plan.number} step ${step}`).toBe(true);
    }
    expect(executed).toBeGreaterThan(approvedPlans.length * 0.8);
    const stuck = await app.db.prisma.execution.count({ where: { status: { in: ["claimed", "running"] } } });
    expect(stuck).toBe(0);
    expect(await app.db.prisma.execution.count({ where: { plan: { decisions: { none: {} } } } })).toBe(0);
    expect(applied.size).toBe(executed * 2);
    expect((await verifyAudit(app.db.prisma)).ok).toBe(true);
    // The kills were real, and dead executors' claims were taken over.
    expect(killed).toBe(runs);
    expect(await app.db.prisma.auditEvent.count({ where: { action: "plan.claim-taken-over" } })).toBeGreaterThan(10);
  }, 900_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as backtest } from "@/app/api/v1/policies/backtest/route";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { backtestStored } from "@/lib/server/policies/backtest-stored";
import { backtestResultSchema, type BacktestResult } from "@/lib/validations/policy";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { recordIncident } from "../helpers/incident-history";
import { testDatabaseKinds } from "../helpers/test-database";

// The policy editor's backtest: a draft replayed over the cycles stored for a period, with
// the plans it would treat differently and its agreement with the people who decided.

const saturday = Date.parse("2026-11-21T10:00:00Z");
const hour = 3600_000;
const from = new Date(saturday - hour).toISOString();
const to = new Date(saturday + 6 * hour).toISOString();
// Raising the auto-approval rule's confidence bar above the diagnoses' 0.9: every restart
// falls through to the rule that asks a person.
const stricter = defaultPolicyYaml.replace("minConfidence: 0.6", "minConfidence: 0.99");

describe.each(testDatabaseKinds())("policy backtest on %s", (kind) => {
  let app: AppDatabase;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    const ann = await addUser(app.db, "ann", "approver");
    operator = await sessionCookie(await addUser(app.db, "otto", "operator"));
    viewer = await sessionCookie(await addUser(app.db, "vic", "viewer"));
    const prisma = app.db.prisma;
    await recordIncident(prisma, { service: "cart", openedAt: new Date(saturday), resolvedAt: new Date(saturday + hour), plans: [{ status: "healed", kind: "auto_approve", decider: "rule:restart-non-critical@1" }] });
    await recordIncident(prisma, { service: "search", openedAt: new Date(saturday + 2 * hour), resolvedAt: new Date(saturday + 3 * hour), plans: [{ status: "healed", kind: "approve", decider: `user:${ann.id}` }] });
    await recordIncident(prisma, { service: "users", openedAt: new Date(saturday + 4 * hour), resolvedAt: new Date(saturday + 5 * hour), plans: [{ status: "vetoed", kind: "veto", decider: `user:${ann.id}` }] });
  });
  afterAll(() => app.dispose());

  const send = (body: unknown, cookie: string | null = operator) =>
    backtest(apiRequest("/api/v1/policies/backtest", { method: "POST", cookie: cookie ?? undefined, body }), routeContext());
  const run = async (yaml: string, period = { from, to }) => {
    const res = await send({ yaml, ...period });
    expect(res.status).toBe(200);
    return backtestResultSchema.parse(await res.json());
  };
  const issuesOf = async (res: Response) => ((await res.json()) as { issues: { path: string; line?: number }[] }).issues;

  it("reports what the default policy would change: two restarts people decided would run by themselves", async () => {
    const r = await run(defaultPolicyYaml);
    expect(r.period).toEqual({ from, to, replayedUntil: null });
    expect(r.cycles).toBe(3);
    expect(r.plans).toBe(3);
    expect(r.changes).toMatchObject({ total: 2, autoGained: 2, autoLost: 0 });
    expect(r.changes.plans.map((c) => [c.service, c.before, c.after, c.ruleId])).toEqual([
      ["search", "approval", "auto", "restart-non-critical"],
      ["users", "approval", "auto", "restart-non-critical"],
    ]);
    expect(r.changes.plans[0]).toMatchObject({ at: saturday + 2 * hour, strategy: "restart-replica", beforeRuleId: "human-approved-remediation" });
    // Ann's approval agrees; her veto does not (the draft would have run it without her).
    expect(r.agreement).toMatchObject({ approvals: { total: 1, agreed: 1 }, vetoes: { total: 1, agreed: 0 }, rate: 0.5 });
  });

  it("reports the auto-execution a stricter draft would lose, and full agreement", async () => {
    const r: BacktestResult = await run(stricter);
    expect(r.changes).toMatchObject({ total: 1, autoGained: 0, autoLost: 1 });
    expect(r.changes.plans[0]).toMatchObject({ service: "cart", before: "auto", beforeRuleId: "restart-non-critical", after: "approval", ruleId: "human-approved-remediation" });
    expect(r.agreement.rate).toBe(1);
  });

  it("reports an empty period as no cycles, not as an error", async () => {
    const r = await run(defaultPolicyYaml, { from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z" });
    expect(r).toMatchObject({ cycles: 0, plans: 0, changes: { total: 0, plans: [] }, agreement: { rate: null } });
  });

  it("says where it stopped when the period holds more cycles than one backtest reads", async () => {
    const r = await backtestStored(app.db.prisma, defaultPolicyYaml, new Date(from), new Date(to), 2);
    expect(r.cycles).toBe(2);
    expect(r.period.replayedUntil).toBe(new Date(saturday + 2 * hour + 8).toISOString());
  });

  it.each([
    [{ yaml: defaultPolicyYaml, from, to: from }, "to"],
    [{ yaml: defaultPolicyYaml, from: "last tuesday", to }, "from"],
    [{ yaml: defaultPolicyYaml, from }, "to"],
    [{ yaml: defaultPolicyYaml, from: "2026-09-01T00:00:00Z", to: "2026-10-15T00:00:00Z" }, "to"],
    [{ yaml: "", from, to }, "yaml"],
  ])("refuses a bad request with a 422 naming the field (%#)", async (body, path) => {
    const res = await send(body);
    expect(res.status).toBe(422);
    expect((await issuesOf(res)).map((i) => i.path)).toContain(path);
  });

  it("refuses an invalid draft with the line of the error", async () => {
    const res = await send({ yaml: stricter.replace("maxActions: 3", "maxActions: -3"), from, to });
    expect(res.status).toBe(422);
    const [issue] = await issuesOf(res);
    expect(issue?.path).toMatch(/maxActions$/);
    expect(stricter.split("\n")[issue!.line! - 1]).toContain("maxActions: 3");
  });

  it("needs a session (401) and an operator or above (403 for a viewer)", async () => {
    expect((await send({ yaml: defaultPolicyYaml, from, to }, null)).status).toBe(401);
    expect((await send({ yaml: defaultPolicyYaml, from, to }, viewer)).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listIncidents } from "@/app/api/v1/incidents/route";
import type { IncidentDto } from "@/lib/validations/incident";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { recordIncident } from "../helpers/incident-history";
import { testDatabaseKinds } from "../helpers/test-database";

// Incident review filters: period, outcome and decider, read from what the incidents' plans
// and decisions recorded. Times are relative to now because `range` counts back from now.

const hour = 3600_000;

describe.each(testDatabaseKinds())("incident filters on %s", (kind) => {
  let app: AppDatabase;
  let viewer: string;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    app = await createAppDatabase(kind);
    const ann = await addUser(app.db, "ann", "approver");
    viewer = await sessionCookie(await addUser(app.db, "vic", "viewer"));
    const now = Date.now();
    const seed = async (name: string, spec: Parameters<typeof recordIncident>[1]) => {
      numbers[name] = (await recordIncident(app.db.prisma, spec)).number;
    };
    // Oldest first, so numbers grow with time as the loop's would.
    await seed("old-healed-by-ann", { service: "cart", openedAt: new Date(now - 10 * 24 * hour), resolvedAt: new Date(now - 10 * 24 * hour + hour), plans: [{ status: "healed", kind: "approve", decider: `user:${ann.id}` }] });
    await seed("vetoed-then-healed", { service: "search", openedAt: new Date(now - 3 * 24 * hour), resolvedAt: new Date(now - 3 * 24 * hour + hour), plans: [{ status: "vetoed", kind: "veto", decider: `user:${ann.id}` }, { status: "healed", kind: "auto_approve", decider: "rule:restart-non-critical@1" }] });
    await seed("rolled-back", { service: "cart", openedAt: new Date(now - 5 * hour), resolvedAt: new Date(now - 4 * hour), plans: [{ status: "rolled_back", kind: "auto_approve", decider: "rule:restart-non-critical@2" }] });
    await seed("self-resolved", { service: "users", openedAt: new Date(now - 3 * hour), resolvedAt: new Date(now - 2 * hour), plans: [{ status: "expired" }] });
    await seed("open", { service: "cart", openedAt: new Date(now - 30 * 60_000), plans: [{ status: "proposed" }] });
  });
  afterAll(() => app.dispose());

  const list = async (query: string) => {
    const res = await listIncidents(apiRequest(`/api/v1/incidents?${query}`, { cookie: viewer }), routeContext());
    return { status: res.status, body: (await res.json()) as IncidentDto[] & { issues?: { path: string; message: string }[] } };
  };
  const names = async (query: string) => {
    const { status, body } = await list(query);
    expect(status).toBe(200);
    const byNumber = new Map(Object.entries(numbers).map(([k, v]) => [v, k]));
    return body.map((i) => byNumber.get(i.number));
  };

  it("lists everything, newest first, with each incident's outcomes and deciders", async () => {
    expect(await names("")).toEqual(["open", "self-resolved", "rolled-back", "vetoed-then-healed", "old-healed-by-ann"]);
    const { body } = await list("service=search");
    expect(body[0]).toMatchObject({ outcomes: ["vetoed", "healed"], deciders: ["ann", "rule:restart-non-critical"] });
  });

  it("filters by a period back from now, or between two times (incidents active then)", async () => {
    expect(await names("range=24h")).toEqual(["open", "self-resolved", "rolled-back"]);
    expect(await names("range=7d")).toEqual(["open", "self-resolved", "rolled-back", "vetoed-then-healed"]);
    const now = Date.now();
    const from = new Date(now - 4.5 * hour).toISOString();
    const to = new Date(now - 2.5 * hour).toISOString();
    expect(await names(`from=${from}&to=${to}`)).toEqual(["self-resolved", "rolled-back"]);
  });

  it("filters by outcome", async () => {
    expect(await names("outcome=healed")).toEqual(["vetoed-then-healed", "old-healed-by-ann"]);
    expect(await names("outcome=vetoed")).toEqual(["vetoed-then-healed"]);
    expect(await names("outcome=rolled-back")).toEqual(["rolled-back"]);
    expect(await names("outcome=expired")).toEqual(["self-resolved"]);
    expect(await names("outcome=no-action")).toEqual(["self-resolved"]);
    expect(await names("outcome=open")).toEqual(["open"]);
  });

  it("filters by decider: a user, the policy, one rule, any human, or nobody", async () => {
    expect(await names("decider=ann")).toEqual(["vetoed-then-healed", "old-healed-by-ann"]);
    expect(await names("decider=user:ann")).toEqual(["vetoed-then-healed", "old-healed-by-ann"]);
    expect(await names("decider=policy")).toEqual(["rolled-back", "vetoed-then-healed"]);
    expect(await names("decider=rule:restart-non-critical")).toEqual(["rolled-back", "vetoed-then-healed"]);
    expect(await names("decider=rule:nonexistent")).toEqual([]);
    expect(await names("decider=human")).toEqual(["vetoed-then-healed", "old-healed-by-ann"]);
    expect(await names("decider=loop")).toEqual(["open", "self-resolved"]);
    expect(await names("decider=ann&outcome=healed&range=7d&service=search")).toEqual(["vetoed-then-healed"]);
  });

  it("pages with `before` and `limit`", async () => {
    expect(await names("limit=2")).toEqual(["open", "self-resolved"]);
    expect(await names(`limit=2&before=${numbers["self-resolved"]}`)).toEqual(["rolled-back", "vetoed-then-healed"]);
    expect(await names(`limit=2&before=${numbers["old-healed-by-ann"]}`)).toEqual([]);
  });

  it.each([
    ["outcome=maybe", "query.outcome"],
    ["range=2w", "query.range"],
    ["from=yesterday", "query.from"],
    ["from=2026-11-20T00:00:00Z&to=2026-11-19T00:00:00Z", "query.to"],
    ["range=24h&from=2026-11-20T00:00:00Z", "query.range"],
    ["decider=nobody-by-that-name", "query.decider"],
    ["before=0", "query.before"],
  ])("refuses %s with a 422 naming %s", async (query, path) => {
    const { status, body } = await list(query);
    expect(status).toBe(422);
    expect(body.issues?.map((i) => i.path)).toContain(path);
  });

  it("needs a session", async () => {
    const res = await listIncidents(apiRequest("/api/v1/incidents?outcome=healed"), routeContext());
    expect(res.status).toBe(401);
  });
});

import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/client";
import { signInCookie } from "../../scripts/lib/launch-server";
import { recordIncident } from "../helpers/incident-history";
import { seriousViolations } from "./axe";
import { addUserByApi, apiFromPage, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const dataDir = inject("dataDir");
const password = "e2e-policies-password";
const hour = 3600_000;
// A service of its own, so the loop's incidents (from other tests' faults) do not mix in.
const service = "e2e-ledger";
// Each filter is a new request, on a machine shared with other builds.
const poll = { timeout: 15_000, interval: 250 };

const addUser = (adminCookie: string, name: string, role: string) => addUserByApi(baseUrl, adminCookie, { name, password, role });

describe("incident review filters and the policy backtest, by role", () => {
  let browser: Browser;
  let db: Database;
  const numbers: Record<string, number> = {};

  beforeAll(async () => {
    const admin = await signInCookie(baseUrl, "admin", adminPassword);
    const approverId = await addUser(admin, "pi-approver", "approver");
    await addUser(admin, "pi-operator", "operator");
    await addUser(admin, "pi-viewer", "viewer");
    // History as the loop would have stored it, written through the server's own database socket.
    db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
    const now = Date.now();
    numbers.vetoed = (await recordIncident(db.prisma, { service, loopPrefix: "E2E", openedAt: new Date(now - 3 * hour), resolvedAt: new Date(now - 2.5 * hour), plans: [{ status: "vetoed", kind: "veto", decider: `user:${approverId}` }] })).number;
    numbers.healed = (await recordIncident(db.prisma, { service, loopPrefix: "E2E", openedAt: new Date(now - 2 * hour), resolvedAt: new Date(now - hour), plans: [{ status: "healed", kind: "auto_approve", decider: "rule:restart-non-critical@1" }] })).number;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await db.close();
  });

  const incidentLinks = (page: Page) => page.getByRole("table", { name: "Incidents" }).getByRole("link");

  it("filters incidents by outcome and by who decided, in the URL", async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, "pi-viewer", password);
    await page.goto(`${baseUrl}/incidents?service=${service}`);
    await expect.poll(() => incidentLinks(page).count(), poll).toBe(2);

    await page.getByLabel("Outcome").selectOption("healed");
    await expect.poll(() => incidentLinks(page).allTextContents(), poll).toEqual([`INC-${numbers.healed} memory leak on ${service}`]);
    expect(new URL(page.url()).searchParams.get("outcome")).toBe("healed");
    expect(await page.getByRole("table", { name: "Incidents" }).textContent()).toContain("rule:restart-non-critical");

    await page.getByLabel("Outcome").selectOption("");
    const decider = page.getByLabel("Decided by");
    await decider.fill("pi-approver");
    await decider.press("Enter");
    await expect.poll(() => incidentLinks(page).allTextContents(), poll).toEqual([`INC-${numbers.vetoed} memory leak on ${service}`]);
    expect(new URL(page.url()).searchParams.get("decider")).toBe("pi-approver");

    // A name nobody has: the server's 422 is shown beside the field.
    await decider.fill("nobody-here");
    await decider.press("Enter");
    await page.getByRole("search").getByText('no user named "nobody-here"').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await decider.fill("policy");
    await decider.press("Enter");
    await page.getByLabel("Period").selectOption("24h");
    await expect.poll(() => incidentLinks(page).allTextContents(), poll).toEqual([`INC-${numbers.healed} memory leak on ${service}`]);
    const url = new URL(page.url());
    expect([url.searchParams.get("decider"), url.searchParams.get("range"), url.searchParams.get("service")]).toEqual(["policy", "24h", service]);

    // Two UTC times instead: the healed incident (open 2 h ago → 1 h ago) was active between them.
    await page.getByLabel("Period").selectOption("custom");
    const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    await page.getByLabel("From (UTC)").fill(utc(Date.now() - 1.5 * hour));
    await page.getByLabel("To (UTC)").fill(utc(Date.now()));
    await page.getByLabel("To (UTC)").press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("to"), poll).not.toBeNull();
    await expect.poll(() => incidentLinks(page).allTextContents(), poll).toEqual([`INC-${numbers.healed} memory leak on ${service}`]);
    expect(new URL(page.url()).searchParams.has("range")).toBe(false);
    await page.close();
  });

  it("lets an operator backtest a draft and see the plans that would change, but not publish", async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, "pi-operator", password);
    await page.goto(`${baseUrl}/policies`);
    const editor = page.getByLabel("Policy YAML");
    await editor.waitFor();
    const original = await editor.inputValue();
    // No auto-approval can match a 0.9-confidence diagnosis: the seeded auto-approved restart would wait for a person.
    await editor.fill(original.replace("minConfidence: 0.6", "minConfidence: 0.99"));
    await page.getByLabel("Diff").filter({ hasText: "+      minConfidence: 0.99" }).waitFor();
    expect(await page.getByRole("button", { name: /Publish/ }).count()).toBe(0);

    // A period that ends before it starts is refused beside the "To" input.
    await page.getByLabel("Period").selectOption("custom");
    await page.getByLabel("From (UTC)").fill("2026-11-20T08:00");
    await page.getByLabel("To (UTC)").fill("2026-11-19T08:00");
    await page.getByRole("button", { name: "Backtest draft" }).click();
    await page.getByText("must be after from").waitFor();

    await page.getByLabel("Period").selectOption("24h");
    await page.getByRole("button", { name: "Backtest draft" }).click();
    const changed = page.getByRole("table", { name: "Plans that would change" }).getByRole("row").filter({ hasText: service });
    await changed.first().waitFor();
    expect(await changed.first().textContent()).toMatch(/auto-executed.*→\s*asks a person/);
    expect(await changed.first().textContent()).toContain("human-approved-remediation");
    const totals = await page.getByLabel("Backtest totals").textContent();
    expect(totals).toMatch(/−[1-9]\d* lost/);
    expect(await seriousViolations(page)).toEqual([]);

    // Editing the draft again marks the report as stale rather than passing it off as current.
    await editor.fill(original);
    await page.getByText("The draft changed since this backtest").waitFor();
    await page.close();
  });

  it("shows a viewer no backtest or publish controls, and the API refuses them", async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, "pi-viewer", password);
    await page.goto(`${baseUrl}/policies`);
    await page.getByLabel("Policy YAML").waitFor();
    await page.getByText("Backtesting a draft needs the operator role").waitFor();
    expect(await page.getByRole("button", { name: /Backtest|Publish|Restore/ }).count()).toBe(0);
    const now = Date.now();
    const body = { yaml: await page.getByLabel("Policy YAML").inputValue(), from: new Date(now - hour).toISOString(), to: new Date(now).toISOString() };
    expect(await apiFromPage(page, "/api/v1/policies/backtest", { method: "POST", body })).toBe(403);
    await page.close();
  });
});

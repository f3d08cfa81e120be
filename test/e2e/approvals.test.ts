import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInCookie } from "../../scripts/lib/launch-server";
import { planContent } from "../helpers/plan-fixture";
import { addUserByApi, apiFromPage, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const password = "e2e-approvals-password";

const addUser = (adminCookie: string, name: string, role: string) => addUserByApi(baseUrl, adminCookie, { name, password, role });

/** An operator proposes a plan by hand; it lands in the approval queue. */
async function propose(operatorCookie: string, service: string): Promise<{ id: string; number: number }> {
  const { proposal } = planContent({ service });
  const res = await fetch(`${baseUrl}/api/v1/plans`, {
    method: "POST",
    headers: { cookie: operatorCookie, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ proposal, observed: { memory: 0.93 } }),
  });
  if (res.status !== 201) throw new Error(`proposing failed with ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; number: number };
}

describe("the approval queue", () => {
  let browser: Browser;
  let approver: Page;
  let operatorCookie: string;

  beforeAll(async () => {
    const admin = await signInCookie(baseUrl, "admin", adminPassword);
    await addUser(admin, "q-operator", "operator");
    await addUser(admin, "q-approver", "approver");
    await addUser(admin, "q-viewer", "viewer");
    operatorCookie = await signInCookie(baseUrl, "q-operator", password);
    browser = await launchBrowser();
    approver = await browser.newPage();
    await signIn(approver, baseUrl, "q-approver", password);
  });
  afterAll(() => browser.close());

  it("shows a new plan live and approves it from the keyboard; the executor then runs it", async () => {
    await approver.getByRole("link", { name: "Approvals" }).click();
    const plan = await propose(operatorCookie, "search");
    const card = approver.getByRole("article", { name: `Plan P-${plan.number}` });
    await card.waitFor();
    expect(await card.textContent()).toContain("restart");
    await card.click();
    await approver.keyboard.press("a");
    const dialog = approver.getByRole("dialog", { name: `Approve P-${plan.number}` });
    await dialog.getByRole("textbox").fill("one replica, cheap to try");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await approver.getByRole("status").filter({ hasText: `P-${plan.number}: approved` }).waitFor();
    await card.waitFor({ state: "detached" });
    // The loop's executor claims approved plans on its next tick (every 10 s); the progress
    // strip follows it live.
    const progress = approver.getByRole("list", { name: `P-${plan.number} progress` });
    await expect.poll(() => progress.locator('[aria-current="step"]').textContent(), { timeout: 30_000, interval: 500 }).toMatch(/executing|verifying/);
    expect(await progress.getByRole("listitem").first().textContent()).toMatch(/^approved \d\d:\d\d:\d\d$/);
    const status = ((await (await fetch(`${baseUrl}/api/v1/plans/${plan.id}`, { headers: { cookie: operatorCookie } })).json()) as { status: string }).status;
    expect(status).toMatch(/executing|verifying/);
  });

  it("needs a reason to veto", async () => {
    const plan = await propose(operatorCookie, "catalog");
    const veto = approver.getByRole("button", { name: `Veto P-${plan.number}… (v)` });
    await veto.click();
    const dialog = approver.getByRole("dialog", { name: `Veto P-${plan.number}` });
    expect(await dialog.getByRole("button", { name: "Veto" }).isDisabled()).toBe(true);
    await dialog.getByRole("textbox").fill("search traffic is peaking, wait an hour");
    await dialog.getByRole("button", { name: "Veto" }).click();
    await approver.getByRole("status").filter({ hasText: `P-${plan.number}: vetoed` }).waitFor();
  });

  it("does not let a plan's proposer approve it, and shows a viewer no decision controls", async () => {
    const plan = await propose(operatorCookie, "users");
    const viewer = await browser.newPage();
    await signIn(viewer, baseUrl, "q-viewer", password);
    await viewer.goto(`${baseUrl}/approvals`);
    await viewer.getByRole("article", { name: `Plan P-${plan.number}` }).waitFor();
    expect(await viewer.getByRole("button", { name: /Approve|Veto/ }).count()).toBe(0);
    const res = await apiFromPage(viewer, `/api/v1/plans/${plan.id}/veto`, { method: "POST", body: { reason: "no" } });
    expect(res).toBe(403);
    await viewer.close();
  });
});

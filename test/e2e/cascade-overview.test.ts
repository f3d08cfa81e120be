import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInCookie } from "../../scripts/lib/launch-server";
import { planContent } from "../helpers/plan-fixture";
import { launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");

describe("the overview's time range and the cascade's blast-radius preview", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, baseUrl, "admin", adminPassword);
  });
  afterAll(() => browser.close());

  it("keeps the chosen range and refresh in the URL, through a reload, and computes the KPIs over it", async () => {
    const kpiWindow = page.getByTestId("kpi-window");
    await expect.poll(() => kpiWindow.textContent()).toBe("last 1 h");
    await page.getByLabel("Time range", { exact: true }).selectOption("now-6h");
    await page.waitForURL(/[?&]from=now-6h/);
    await expect.poll(() => kpiWindow.textContent()).toBe("last 6 h");
    await page.getByRole("definition").filter({ hasText: "last 6 h" }).waitFor();
    await page.getByRole("columnheader", { name: "Latency p99, last 6 h" }).waitFor();
    await page.getByLabel("Refresh", { exact: true }).selectOption("10s");
    await page.waitForURL(/[?&]refresh=10s/);

    await page.reload();
    await expect.poll(() => kpiWindow.textContent()).toBe("last 6 h");
    expect(await page.getByLabel("Time range", { exact: true }).inputValue()).toBe("now-6h");
    expect(await page.getByLabel("Refresh", { exact: true }).inputValue()).toBe("10s");
    expect(await page.getByLabel("Fleet numbers, last 6 h").count()).toBe(1);

    // Longer than the Monitor keeps: the KPIs cover it, the sparklines say they do not.
    await page.getByLabel("Time range", { exact: true }).selectOption("now-7d");
    await expect.poll(() => kpiWindow.textContent()).toBe("last 7 days");
    await expect.poll(() => page.getByTestId("sparkline-note").textContent()).toContain("sparklines: last 24 h · the Monitor keeps 24 h");
  });

  it("previews a plan's blast radius on the graph, from the approval card and from the keyboard", async () => {
    const cookie = await signInCookie(baseUrl, "admin", adminPassword);
    const { proposal } = planContent({ service: "catalog" });
    const res = await fetch(`${baseUrl}/api/v1/plans`, {
      method: "POST",
      headers: { cookie, origin: baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ proposal, observed: { memory: 0.93 } }),
    });
    expect(res.status).toBe(201);
    const plan = (await res.json()) as { id: string; number: number };

    await page.goto(`${baseUrl}/approvals`);
    await page.getByRole("article", { name: `Plan P-${plan.number}` }).getByRole("link", { name: "preview on graph" }).click();
    await page.waitForURL(`${baseUrl}/cascade?plan=${plan.id}`);
    const summary = page.getByRole("status", { name: `Blast radius of P-${plan.number}` });
    await summary.waitFor();
    expect(await page.getByTestId("blast-services").textContent()).toBe("1 service");
    expect(await page.getByTestId("blast-traffic").textContent()).toMatch(/^\d+% of traffic$/);
    const node = (name: string) => page.locator(`svg.cascade-svg [data-service="${name}"]`);
    expect(await node("catalog").getAttribute("data-target")).toBe("true");
    expect(await node("catalog").getAttribute("data-dimmed")).toBeNull();
    expect(await node("frontend").getAttribute("data-dimmed")).toBe("true");
    expect(await page.locator("svg.cascade-svg line[data-dimmed]").count()).toBeGreaterThan(0);

    await page.getByRole("link", { name: "Clear selection" }).click();
    await page.waitForURL(`${baseUrl}/cascade`);
    await summary.waitFor({ state: "detached" });
    expect(await page.locator("svg.cascade-svg [data-dimmed]").count()).toBe(0);

    await page.getByRole("link", { name: new RegExp(`^P-${plan.number} · `) }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${baseUrl}/cascade?plan=${plan.id}`);
    await summary.waitFor();
    await page.reload();
    await summary.waitFor();
    expect(await node("frontend").getAttribute("data-dimmed")).toBe("true");
  });
});

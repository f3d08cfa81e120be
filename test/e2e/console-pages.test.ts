import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");

describe("console pages", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, baseUrl, "admin", adminPassword);
  });
  afterAll(() => browser.close());

  it("shows the simulated fleet moving, pushed over the live channel", async () => {
    await page.getByTestId("live-status").filter({ hasText: "● live" }).waitFor();
    const payment = page.getByTestId("service-payment");
    await payment.waitFor();
    const rate = () => payment.locator('[data-metric="request_rate"]').textContent();
    await expect.poll(rate, { timeout: 15_000 }).toMatch(/\d+(\.\d)? rps/);
    const first = await rate();
    await expect.poll(rate, { timeout: 15_000 }).not.toBe(first);
  });

  it("opens a service's page from the fleet with its metrics charted", async () => {
    await page.getByRole("link", { name: "payment" }).click();
    await page.getByRole("heading", { name: "payment", level: 1 }).waitFor();
    await page.getByText("latency p99").first().waitFor();
    await page.getByRole("link", { name: "Overview" }).click();
  });

  it("injects a fault from the Chaos page and lists it with its ground truth", async () => {
    await page.getByRole("link", { name: "Chaos" }).click();
    await page.getByLabel("Fault", { exact: true }).selectOption("memory-leak");
    await page.getByLabel("Target", { exact: true }).selectOption("cart");
    await page.getByRole("button", { name: "Inject" }).click();
    await page.getByRole("status").filter({ hasText: "Injected memory-leak" }).waitFor();
    const row = page.getByRole("table", { name: "Injected faults" }).getByRole("row").filter({ hasText: "memory-leak" });
    await expect.poll(() => row.first().textContent()).toContain("rollback");
  });

  it("shows a policy error on its line, backtests a valid edit, then publishes it with its diff", async () => {
    await page.getByRole("link", { name: "Policies" }).click();
    const editor = page.getByLabel("Policy YAML");
    await editor.waitFor();
    const original = await editor.inputValue();
    await editor.fill(original.replace("maxActions: 3", "maxActions: -3"));
    await page.getByRole("list", { name: "Policy errors" }).filter({ hasText: "maxActions" }).waitFor();
    expect(await page.getByRole("button", { name: /Publish/ }).isDisabled()).toBe(true);

    await editor.fill(original.replace("maxActions: 3", "maxActions: 2"));
    await page.getByLabel("Diff").filter({ hasText: "+      maxActions: 2" }).waitFor();
    // Backtest the draft over the last 24 h: the loop has been recording cycles since start.
    await page.getByLabel("Period").selectOption("24h");
    await page.getByRole("button", { name: "Backtest draft" }).click();
    const report = page.getByRole("region", { name: "Backtest report" });
    await report.getByLabel("Backtest totals").getByText("cycles").waitFor();
    expect(await report.textContent()).toMatch(/agreement with past human decisions/);
    expect(new URL(page.url()).searchParams.get("period")).toBe("24h");
    await page.getByRole("button", { name: "Publish as version 2" }).click();
    await page.getByRole("status").filter({ hasText: "Published version 2" }).waitFor();
    await page.getByRole("table", { name: "Policy versions" }).getByText("user:admin").waitFor();
  });

  it("verifies the audit chain, which records what just happened", async () => {
    await page.getByRole("link", { name: "Audit" }).click();
    await page.getByRole("table", { name: "Audit log" }).getByText("policy.publish").first().waitFor();
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.getByRole("status").filter({ hasText: "Chain intact" }).waitFor();
  });
});

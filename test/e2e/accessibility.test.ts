import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "./axe";
import { launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const pages = ["/", "/services/payment", "/cascade", "/approvals", "/incidents", "/policies", "/chaos", "/admin/users", "/admin/tokens", "/admin/audit"];

describe("accessibility (axe-core)", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(() => browser.close());

  it("finds no serious violation on the sign-in page", async () => {
    await page.goto(`${baseUrl}/login`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it.each(["dark", "light"] as const)("finds no serious violation on any console page in the %s theme", async (theme) => {
    if (!(await page.getByTestId("current-user").count())) await signIn(page, baseUrl, "admin", adminPassword);
    await page.evaluate((t) => localStorage.setItem("homeostat-theme", t), theme);
    const found: string[] = [];
    for (const path of pages) {
      await page.goto(`${baseUrl}${path}`);
      // The live channel keeps a request open, so "network idle" never comes: wait for the
      // page's heading and the end of its loading states instead.
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.getByText(/Loading/).first().waitFor({ state: "detached", timeout: 5_000 }).catch(() => undefined);
      found.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
  });
});

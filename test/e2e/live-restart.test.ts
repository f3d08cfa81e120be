import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchServer, type LaunchedServer } from "../../scripts/lib/launch-server";
import { launchBrowser, signIn } from "./browser";

// A server of its own, because this test stops it: the page must say the live channel is
// down, keep the session, reconnect when the server is back on the same address and data,
// and refetch what it shows rather than keep what it had before the restart.

describe("a console page across a server restart", () => {
  const adminPassword = "restart-admin-password-42";
  let server: LaunchedServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await launchServer({ adminPassword });
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, server.url, "admin", adminPassword);
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it("says it is reconnecting while the server is down, then resynchronises", async () => {
    const status = page.getByTestId("live-status");
    await status.filter({ hasText: "● live" }).waitFor();

    await server.stop({ keepData: true });
    await page.getByRole("alert").filter({ hasText: "Live updates interrupted" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => status.textContent()).toBe("○ reconnecting");

    const refetched: string[] = [];
    page.on("response", (res) => {
      if (new URL(res.url()).pathname.startsWith("/api/v1/") && res.status() === 200) refetched.push(new URL(res.url()).pathname);
    });
    server = await launchServer({ adminPassword, port: server.port, dataDir: server.dataDir });

    await status.filter({ hasText: "● live" }).waitFor({ timeout: 30_000 });
    await page.getByRole("alert").filter({ hasText: "Live updates interrupted" }).waitFor({ state: "detached" });
    // Everything on the page is fetched again, with the session from before the restart.
    await expect.poll(() => refetched, { timeout: 10_000 }).toEqual(expect.arrayContaining(["/api/v1/kpis"]));
    await page.getByTestId("current-user").filter({ hasText: "admin" }).waitFor();
  }, 120_000);
});

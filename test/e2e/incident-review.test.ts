import fs from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/client";
import { signInCookie } from "../../scripts/lib/launch-server";
import { recordIncident } from "../helpers/incident-history";
import { seriousViolations } from "./axe";
import { addUserByApi, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const dataDir = inject("dataDir");
const password = "e2e-review-password";
const hour = 3600_000;
// A service of its own, so incidents from other tests' faults do not mix in.
const service = "e2e-review-ledger";
const vetoReason = "restarting the ledger during the nightly close loses the batch";
const poll = { timeout: 15_000, interval: 250 };

describe("reviewing an incident: find it, replay its timeline, export the post-mortem", () => {
  let browser: Browser;
  let db: Database;
  let incident: { id: string; number: number };

  beforeAll(async () => {
    const admin = await signInCookie(baseUrl, "admin", adminPassword);
    const approverId = await addUserByApi(baseUrl, admin, { name: "ir-approver", password, role: "approver" });
    await addUserByApi(baseUrl, admin, { name: "ir-viewer", password, role: "viewer" });
    // History as the loop would have stored it: the first restart vetoed with a reason, the second approved and healed.
    db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pglite") });
    const now = Date.now();
    incident = await recordIncident(db.prisma, {
      service,
      loopPrefix: "E2E-REVIEW",
      openedAt: new Date(now - 2 * hour),
      resolvedAt: new Date(now - hour),
      plans: [
        { status: "vetoed", kind: "veto", decider: `user:${approverId}`, comment: vetoReason },
        { status: "healed", kind: "approve", decider: `user:${approverId}`, comment: "after the close, go" },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await db.close();
  });

  it("lets a viewer open the incident from the list, read who decided what and why, and download the Markdown", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, baseUrl, "ir-viewer", password);
    await page.goto(`${baseUrl}/incidents?service=${service}`);
    const link = page.getByRole("table", { name: "Incidents" }).getByRole("link", { name: `INC-${incident.number} memory leak on ${service}` });
    await link.waitFor(poll);
    await link.click();
    await page.waitForURL(`${baseUrl}/incidents/${incident.id}`);

    await page.getByRole("heading", { name: `INC-${incident.number} memory leak on ${service}` }).waitFor();
    const plans = await page.getByRole("list", { name: "Plans" }).getByRole("listitem").allTextContents();
    expect(plans.map((p) => p.replace(/^P-\d+ /, ""))).toEqual(["restart-replica · vetoed", "restart-replica · healed"]);

    // The cycle that proposed both restarts, then each decision with its decider and reason, in time order.
    const rows = await page.getByRole("list", { name: "Timeline" }).getByRole("listitem").allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(new RegExp(`proposed: restart-replica on ${service} .*proposed: restart-replica on ${service}`));
    expect(rows[1]).toMatch(new RegExp(`decided: P-\\d+ restart-replica on ${service} vetoed by ir-approver — “${vetoReason}”`));
    expect(rows[2]).toMatch(/decided: P-\d+ restart-replica on .* approved by ir-approver — “after the close, go”/);
    expect(await seriousViolations(page)).toEqual([]);

    // The export is a plain download link: the browser saves the server's Markdown.
    const exportLink = page.getByRole("link", { name: "Export post-mortem (Markdown)" });
    const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
    expect(download.suggestedFilename()).toBe(`incident-${incident.id}.md`);
    const markdown = await fs.readFile(await download.path(), "utf8");
    expect(markdown).toContain(`# INC-${incident.number}: memory leak on ${service}`);
    expect(markdown).toContain("## Timeline");
    expect(markdown).toMatch(new RegExp(`\\| proposed restart-replica on ${service}; proposed restart-replica on ${service} \\|`));
    expect(markdown).toContain(`- veto by ir-approver at`);
    expect(markdown).toContain(`: "${vetoReason}"`);
    expect(markdown).toMatch(/- approve by ir-approver at .*: "after the close, go"/);
    expect(markdown).toMatch(/— healed\n[\s\S]*- Executed .*: succeeded/);
    await context.close();
  });
});

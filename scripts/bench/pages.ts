// npm run bench:pages — how fast each console page becomes usable, and how much JavaScript
// the overview ships, measured in Debian's Chromium against the real server (started here with
// its own embedded database). "Ready" is navigation start → the page's heading and data shown
// (its loading placeholders gone); JS is the compressed bytes of every script the page loads.
//
//   npm run bench:pages [-- --runs 5]                  a fresh database
//   npm run bench:pages -- --history 7                 first simulate 7 days of history (slow)
//   npm run bench:pages -- --history-dir <dir>         a copy of a data folder already filled
//                                                      with `HOMEOSTAT_DATA_DIR=<dir> npm run sim -- history --days 7`
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { openDatabase } from "@/lib/server/db/client";
import { createUser } from "@/lib/server/users/create-user";
import { fillHistory } from "../lib/fill-history";
import { launchServer } from "../lib/launch-server";

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const runs = Number(arg("--runs") ?? 5);
const historyDays = arg("--history");
const historyDir = arg("--history-dir");
const adminPassword = "launched-admin-password";

/** A data folder with history for the server, or undefined for a fresh one. */
async function historyDataDir(): Promise<string | undefined> {
  if (!historyDays && !historyDir) return undefined;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "homeostat-bench-"));
  const target = { kind: "pglite" as const, dataDir: path.join(dataDir, "pglite") };
  if (historyDir) await cp(path.join(historyDir, "pglite"), target.dataDir, { recursive: true });
  else await fillHistory({ days: Number(historyDays), target });
  // The bench signs in as "admin" with its own password, whoever created the folder.
  const db = await openDatabase(target);
  try {
    if (!(await db.prisma.user.findUnique({ where: { name: "admin" } }))) await createUser(db.prisma, { name: "admin", password: adminPassword, role: "admin" }, "bench");
    const [cycles, incidents, plans, decisions, audit] = await Promise.all([db.prisma.cycle.count(), db.prisma.incident.count(), db.prisma.plan.count(), db.prisma.decision.count(), db.prisma.auditEvent.count()]);
    console.log(`history: ${cycles} cycles, ${incidents} incidents, ${plans} plans, ${decisions} decisions, ${audit} audit events`);
  } finally {
    await db.close();
  }
  return dataDir;
}

const dataDir = await historyDataDir();
const server = await launchServer({ adminPassword, dataDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(server.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/`);

  // Compressed size measured by gzipping each script body: the same whatever the server's
  // own compression setting.
  let scriptBytes = 0;
  const counting = await context.newPage();
  counting.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    void response.body().then((body) => (scriptBytes += gzipSync(body).length));
  });
  await counting.goto(`${server.url}/`);
  await counting.getByRole("heading", { level: 1 }).waitFor();
  await counting.waitForTimeout(1_000);
  await counting.close();

  console.log(`overview JavaScript: ${(scriptBytes / 1024).toFixed(0)} kB gzip-compressed (target < 300 kB)`);
  // Live latency: the Monitor stamps each fleet view with the time it computed it; the page
  // notes when the event arrives (one machine, one clock).
  await page.goto(`${server.url}/`);
  const latencies = await page.evaluate(
    (count) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        const source = new EventSource("/api/stream");
        let first = true;
        source.onmessage = (m: MessageEvent<string>) => {
          const event = JSON.parse(m.data) as { type: string; view?: { now: number } };
          if (event.type !== "fleet" || !event.view) return;
          if (first) {
            first = false; // the snapshot sent on connect is not a live update
            return;
          }
          out.push(Date.now() - event.view.now);
          if (out.length >= count) {
            source.close();
            resolve(out);
          }
        };
      }),
    20,
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
  console.log(`live fleet updates, computed on the server → in the page: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms over ${latencies.length} ticks (target p95 < 250 ms)`);

  // With history, also the pages that read it most: an incident (its timeline replays its
  // cycles; the oldest of the newest hundred) and the service it happened on.
  const pages = ["/", "/cascade", "/approvals", "/incidents", "/policies", "/chaos", "/admin/users", "/admin/audit"];
  const incidents = (await (await page.request.get(`${server.url}/api/v1/incidents?limit=100`)).json()) as { id: string; rootService: string | null }[];
  const oldest = incidents.at(-1);
  if (oldest) pages.push(`/incidents/${oldest.id}`);
  pages.push(`/services/${oldest?.rootService ?? "checkout"}`);
  console.log("page            ready p50   ready max   (ms, over " + runs + " loads)");
  for (const path of pages) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.goto(`${server.url}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.getByText(/Loading/).first().waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${(path.startsWith("/incidents/") ? "/incidents/:id" : path.startsWith("/services/") ? "/services/:name" : path).padEnd(16)}${times[Math.floor(times.length / 2)]!.toFixed(0).padStart(9)}${times[times.length - 1]!.toFixed(0).padStart(12)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

// Captures the console's pages for the README:
//   npm start (in another shell; best on a data folder with history, e.g. `npm run sim -- history --days 7`,
//   with a fault injected so the overview and the cascade show something live), then
//   HOMEOSTAT_URL=http://localhost:3000 HOMEOSTAT_USER=admin HOMEOSTAT_PASSWORD=… npx tsx scripts/screenshots.ts [--light]
// Besides the main pages it captures, when the data allows: an incident's timeline (one with a
// vetoed plan, so a decision with its reason shows), the cascade with a plan's blast radius
// selected, and the policy editor with a backtest of a draft over the last 7 days.
import { parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";

const { values } = parseArgs({ options: { light: { type: "boolean", default: false } } });
const scheme = values.light ? "light" : "dark";
const suffix = values.light ? "-light" : "";
const base = process.env.HOMEOSTAT_URL ?? "http://localhost:3000";
const pages: [string, string][] = [
  ["fleet", "/"],
  ["cascade", "/cascade"],
  ["approvals", "/approvals"],
  ["incidents", "/incidents"],
  ["policies", "/policies"],
  ["chaos", "/chaos"],
  ["audit", "/admin/audit"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 800 }, colorScheme: scheme });
await page.goto(`${base}/login`);
await page.getByLabel("User name").fill(process.env.HOMEOSTAT_USER ?? "admin");
await page.getByLabel("Password").fill(process.env.HOMEOSTAT_PASSWORD ?? "");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(`${base}/`);

async function shoot(name: string): Promise<void> {
  const file = `docs/screenshots/${name}${suffix}.png`;
  await page.screenshot({ path: file });
  console.log(file);
}

// The live channel keeps a request open: wait for the heading and a moment of rendering.
async function open(path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForTimeout(1500);
}

/** The page's session calls the API, as the console would. */
async function api<T>(p: Page, path: string): Promise<T> {
  const res = await p.request.get(`${base}${path}`);
  if (!res.ok()) throw new Error(`${path}: ${res.status()}`);
  return (await res.json()) as T;
}

for (const [name, path] of pages) {
  await open(path);
  await shoot(name);
}

// An incident whose review shows a decision with its reason: vetoed and then healed if there is one.
type Incident = { id: string; number: number; outcomes: string[] };
const vetoed = await api<Incident[]>(page, "/api/v1/incidents?outcome=vetoed&limit=50");
const incident = vetoed.find((i) => i.outcomes.includes("healed")) ?? vetoed[0];
if (incident) {
  await open(`/incidents/${incident.id}`);
  await page.getByRole("list", { name: "Timeline" }).waitFor();
  await shoot("incident");
} else console.log("no incident with a vetoed plan: skipping the incident page");

// A plan waiting or running, selected on the cascade: its blast radius.
const cascade = await api<{ plans: { id: string }[] }>(page, "/api/v1/cascade");
const plan = cascade.plans[0];
if (plan) {
  await open(`/cascade?plan=${plan.id}`);
  await page.locator(".blast-summary").waitFor();
  await shoot("cascade-plan");
} else console.log("no plan waiting or running: skipping the cascade with a plan selected");

// A draft that stops isolating dependencies (rolled back again and again in the simulated
// week), backtested over the last 7 days: the plans it would have changed.
await open("/policies");
const editor = page.getByLabel("Policy YAML");
const yaml = await editor.inputValue();
const rule = `rules:
  - id: no-isolate-dependency
    description: Isolating a dependency kept rolling back; people choose another remedy.
    match:
      services: ["*"]
    deny: [isolate-dependency]
`;
const draft = yaml.replace("rules:\n", rule);
if (draft !== yaml) {
  await editor.fill(draft);
  await page.getByLabel("Period").selectOption("7d");
  await page.getByRole("button", { name: "Backtest draft" }).click();
  await page.getByLabel("Backtest totals").waitFor({ timeout: 120_000 });
  await page.waitForTimeout(500);
  // Taller, so the plans that would change show under the totals.
  await page.setViewportSize({ width: 1440, height: 1000 });
  await shoot("policies-backtest");
} else console.log("the published policy is not the default: skipping the backtest");

await browser.close();

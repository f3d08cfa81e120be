// Captures the console's main pages for the README:
//   npm start (in another shell), then
//   HOMEOSTAT_URL=http://localhost:3000 HOMEOSTAT_USER=admin HOMEOSTAT_PASSWORD=… npx tsx scripts/screenshots.ts
import { chromium } from "playwright-core";

const base = process.env.HOMEOSTAT_URL ?? "http://localhost:3000";
const pages: [string, string][] = [
  ["fleet", "/"],
  ["cascade", "/cascade"],
  ["approvals", "/approvals"],
  ["policies", "/policies"],
  ["chaos", "/chaos"],
  ["audit", "/admin/audit"],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 800 }, colorScheme: "dark" });
await page.goto(`${base}/login`);
await page.getByLabel("User name").fill(process.env.HOMEOSTAT_USER ?? "admin");
await page.getByLabel("Password").fill(process.env.HOMEOSTAT_PASSWORD ?? "");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(`${base}/`);
for (const [name, path] of pages) {
  await page.goto(`${base}${path}`);
  // The live channel keeps a request open: wait for the heading and a moment of rendering.
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
}
await browser.close();

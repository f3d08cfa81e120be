import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiFromPage, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const adminPassword = inject("adminPassword");
const password = "e2e-user-password";
const roles = ["viewer", "operator", "approver"] as const;

describe("signing in and what each role sees", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The admin adds one user per role through the Users page, as a person would.
    const page = await browser.newPage();
    await signIn(page, baseUrl, "admin", adminPassword);
    await page.getByRole("link", { name: "Users" }).click();
    for (const role of roles) {
      await page.getByLabel("User name").fill(`e2e-${role}`);
      await page.getByLabel("Password").fill(password);
      await page.getByLabel("Role", { exact: true }).selectOption(role);
      await page.getByRole("button", { name: "Add user" }).click();
      await page.getByRole("status").filter({ hasText: `Added e2e-${role} as ${role}` }).waitFor();
    }
    await page.close();
  });
  afterAll(() => browser.close());

  it("refuses a wrong password with a message and no session", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("User name").fill("e2e-viewer");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong user name or password" }).waitFor();
    expect(await page.evaluate(() => fetch("/api/auth/session").then((r) => r.json()))).toEqual({});
    expect(await apiFromPage(page, "/metrics")).toBe(401);
    await page.close();
  });

  it.each(roles)("signs in as %s and carries the role in the session", async (role) => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, `e2e-${role}`, password);
    const session = (await page.evaluate(() => fetch("/api/auth/session").then((r) => r.json()))) as { user: { name: string; role: string } };
    expect(session.user).toEqual({ name: `e2e-${role}`, role });
    await page.close();
  });

  it("shows a viewer no admin controls, and the API answers 403", async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, "e2e-viewer", password);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Overview", "Cascade", "Approvals", "Incidents", "Policies"]);
    await page.goto(`${baseUrl}/admin/users`);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.getByRole("button", { name: /Add user|Disable|Approve/ }).count()).toBe(0);
    expect(await apiFromPage(page, "/api/v1/users")).toBe(403);
    expect(await apiFromPage(page, "/api/v1/users", { method: "POST", body: { name: "sneaky", password } })).toBe(403);
    await page.close();
  });

  it("ends a disabled user's session on their next request", async () => {
    const userPage = await browser.newPage();
    await signIn(userPage, baseUrl, "e2e-operator", password);
    const admin = await browser.newContext().then((c) => c.newPage());
    await signIn(admin, baseUrl, "admin", adminPassword);
    await admin.goto(`${baseUrl}/admin/users`);
    await admin.getByRole("button", { name: "Disable e2e-operator" }).click();
    await expect.poll(() => admin.getByRole("button", { name: "Enable e2e-operator" }).count()).toBe(1);
    expect(await apiFromPage(userPage, "/metrics")).toBe(401);
    await userPage.reload();
    expect(new URL(userPage.url()).pathname).toBe("/login");
    await admin.close();
    await userPage.close();
  });

  it("creates an API token whose secret is shown once and works as a bearer token", async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, "admin", adminPassword);
    await page.getByRole("link", { name: "Tokens" }).click();
    await page.getByLabel("Name").fill("e2e-scraper");
    await page.getByLabel("read").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = (await page.getByTestId("new-token").textContent())!;
    expect(secret).toMatch(/^hst_/);
    const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    await page.reload();
    expect(await page.getByTestId("new-token").count()).toBe(0);
    await page.close();
  });
});

describe("sign-in rate limit", () => {
  async function attempt(name: string, pass: string): Promise<Response> {
    const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
    const cookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    return fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, name, password: pass, json: "true" }),
      redirect: "manual",
    });
  }

  it("answers 429 with Retry-After once an account has had too many failures", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt("e2e-approver", "wrong-password")).status).toBe(401);
    const limited = await attempt("e2e-approver", password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("tells the person in the browser to wait", async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("User name").fill("e2e-approver");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Too many failed attempts" }).waitFor();
    await browser.close();
  });
});

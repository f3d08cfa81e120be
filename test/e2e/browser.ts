import { chromium, type Browser, type Page } from "playwright-core";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium with the flags this sandbox needs (no background network calls). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export async function signIn(page: Page, baseUrl: string, name: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByTestId("current-user").filter({ hasText: name }).waitFor();
}

/** Calls the API from inside the page, with the page's cookies and origin, as the UI would. */
export async function apiFromPage(page: Page, path: string, init: { method?: string; body?: unknown } = {}): Promise<number> {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, {
        method: init.method ?? "GET",
        headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return res.status;
    },
    { path, init },
  );
}

/** Creates a user through the admin API, as the Users page would; returns its id. */
export async function addUserByApi(baseUrl: string, adminCookie: string, user: { name: string; password: string; role: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/users`, {
    method: "POST",
    headers: { cookie: adminCookie, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  if (res.status !== 201) throw new Error(`adding ${user.name} failed with ${res.status}`);
  return ((await res.json()) as { id: string }).id;
}

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

// Starts the real app the way `npm start` does (build when needed, migrate, first admin) on
// a free port with an embedded database of its own. Used by the browser tests and benchmarks.

export type LaunchedServer = {
  url: string;
  port: number;
  dataDir: string;
  adminPassword: string;
  logFile: string;
  /** Stops the server and removes its data folder, unless `keepData` (to start it again). */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
};

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

/** Resolves when the server prints that it is serving; rejects if it exits first. */
function serving(child: ChildProcess, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = fs.createWriteStream(logFile);
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      log.write(chunk);
      seen = (seen + chunk.toString()).slice(-4000);
      if (seen.includes("Homeostat is serving")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => log.write(chunk));
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before serving; see ${logFile}`)));
  });
}

/** Starts a server. `dataDir`: serve this data folder (already filled, e.g. with simulated
 * history) instead of a fresh one; it is removed on stop unless `keepData`, so pass a copy.
 * With the `port` and `dataDir` of a stopped server, starts that one again. */
export async function launchServer(options: { adminPassword?: string; env?: NodeJS.ProcessEnv; port?: number; dataDir?: string } = {}): Promise<LaunchedServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "homeostat-run-")));
  const adminPassword = options.adminPassword ?? "launched-admin-password";
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOMEOSTAT_DATA_DIR: dataDir, HOMEOSTAT_ADMIN_PASSWORD: adminPassword, ...options.env };
  for (const name of ["DATABASE_URL", "NEXTAUTH_SECRET", "NEXTAUTH_URL"]) if (!options.env?.[name]) delete env[name];
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const logFile = path.join(os.tmpdir(), `homeostat-server-${port}.log`);
  await serving(child, logFile);
  return {
    url: `http://localhost:${port}`,
    port,
    dataDir,
    adminPassword,
    logFile,
    stop: async ({ keepData = false } = {}) => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through next-auth's credentials endpoint and returns the session cookie. */
export async function signInCookie(url: string, name: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, name, password, json: "true" }),
    redirect: "manual",
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in as ${name} failed with ${res.status}`);
  return session;
}

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

// Serves the real app the way `npm start` does (build when needed, migrate, first admin) on
// a free port with an embedded database of its own, and hands its URL to the tests.

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
  }
}

export const adminPassword = "e2e-admin-password-42";

async function freePort(): Promise<number> {
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

export default async function setup(project: TestProject) {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "homeostat-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOMEOSTAT_DATA_DIR: dataDir, HOMEOSTAT_ADMIN_PASSWORD: adminPassword };
  delete env.DATABASE_URL;
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const logFile = path.join(os.tmpdir(), `homeostat-e2e-server-${port}.log`);
  await serving(child, logFile);
  project.provide("baseUrl", `http://localhost:${port}`);
  project.provide("adminPassword", adminPassword);
  return async () => {
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
    await rm(dataDir, { recursive: true, force: true });
  };
}

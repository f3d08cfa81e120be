import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/server/generated/prisma/client";
import { acquirePgliteLock, readPgliteLock } from "./pglite-lock";
import { dbTargetFromEnv, type DbTarget } from "./target";

export type Database = {
  prisma: PrismaClient;
  target: DbTarget;
  /** How this process reaches the data: directly, or through the server's socket. */
  via: "direct" | "server-socket" | "postgres";
  close(): Promise<void>;
};

export type OpenOptions = {
  /** Serve the embedded database on a local socket so shell commands can reach it while
   * this process owns it (the web server does; one-off commands do not). */
  serveSocket?: boolean;
};

function pgAdapter(url: string): PrismaPg {
  return new PrismaPg({ connectionString: url, max: 10 });
}

async function openPglite(dataDir: string, options: OpenOptions): Promise<Database> {
  const owner = readPgliteLock(dataDir);
  if (owner?.socketDir) {
    // The server owns the folder: talk to it over its socket instead of opening the files.
    const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(owner.socketDir)}`;
    const prisma = new PrismaClient({ adapter: pgAdapter(url) });
    return { prisma, target: { kind: "pglite", dataDir }, via: "server-socket", close: () => prisma.$disconnect() };
  }
  const socketDir = options.serveSocket ? fs.mkdtempSync(path.join(os.tmpdir(), "homeostat-pg-")) : undefined;
  const release = acquirePgliteLock(dataDir, socketDir);
  try {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    let socket: PGLiteSocketServer | undefined;
    if (socketDir) {
      socket = new PGLiteSocketServer({ db: pglite, path: path.join(socketDir, ".s.PGSQL.5432"), maxConnections: 8 });
      await socket.start();
    }
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const close = async () => {
      await prisma.$disconnect();
      await socket?.stop();
      await pglite.close();
      if (socketDir) fs.rmSync(socketDir, { recursive: true, force: true });
      release();
    };
    return { prisma, target: { kind: "pglite", dataDir }, via: "direct", close };
  } catch (error) {
    release();
    throw error;
  }
}

export async function openDatabase(target: DbTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === "pglite") return openPglite(target.dataDir, options);
  const prisma = new PrismaClient({ adapter: pgAdapter(target.url) });
  return { prisma, target, via: "postgres", close: () => prisma.$disconnect() };
}

// Next.js bundles route handlers separately from the custom server, so module state is not
// shared between them; the process-wide database lives on globalThis. PGlite must be opened
// once per process.
const key = Symbol.for("homeostat.database");
type Holder = { [key]?: Promise<Database> };

export function setDatabase(database: Database): void {
  (globalThis as Holder)[key] = Promise.resolve(database);
}

export function clearDatabase(): void {
  delete (globalThis as Holder)[key];
}

/** The process-wide database, opened from the environment on first use. */
export function database(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[key] ??= openDatabase(dbTargetFromEnv(), { serveSocket: true });
  return holder[key];
}

export async function prisma(): Promise<PrismaClient> {
  return (await database()).prisma;
}

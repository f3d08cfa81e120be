import fs from "node:fs";
import path from "node:path";

// PGlite belongs to one process: a second process opening the same folder can corrupt it.
// The owner writes a lock file next to the data folder with its pid and, when it serves the
// database to other processes, the socket they should connect to instead.

export type PgliteLock = { pid: number; socketDir?: string };

function lockPath(dataDir: string): string {
  return `${dataDir}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live owner of the folder, or null when nobody (or a dead process) holds it. */
export function readPgliteLock(dataDir: string): PgliteLock | null {
  const lock = readLockFile(lockPath(dataDir));
  return lock && lock.pid !== process.pid && alive(lock.pid) ? lock : null;
}

export class DatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database at ${dataDir} is in use by process ${pid}. ` +
        "Stop that process, or run this command while the Homeostat server is running so it goes through the server.",
    );
  }
}

/** Takes the folder for this process; refuses when another live process holds it. The lock
 * file is created exclusively, so two processes starting at once cannot both win. */
export function acquirePgliteLock(dataDir: string, socketDir?: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const file = lockPath(dataDir);
  const content = JSON.stringify({ pid: process.pid, socketDir } satisfies PgliteLock);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = readPgliteLock(dataDir);
      if (owner) throw new DatabaseInUseError(dataDir, owner.pid);
      fs.rmSync(file, { force: true }); // left by a process that died
    }
  }
  return () => {
    const current = readLockFile(file);
    if (current?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

function readLockFile(file: string): PgliteLock | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PgliteLock;
  } catch {
    return null;
  }
}

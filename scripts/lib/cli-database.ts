import { openDatabase, type Database } from "@/lib/server/db/client";
import { dbTargetFromEnv, describeTarget } from "@/lib/server/db/target";

/** Opens the configured database for a one-off command. With the embedded database and a
 * running server, this goes through the server's socket instead of opening the files. */
export async function openCliDatabase(): Promise<Database> {
  const target = dbTargetFromEnv();
  const db = await openDatabase(target);
  process.stderr.write(`using ${describeTarget(target)}${db.via === "server-socket" ? " through the running server" : ""}\n`);
  return db;
}

export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/server/env";

/** The key that signs and encrypts session tokens: NEXTAUTH_SECRET when set, otherwise a
 * random key generated once into the data folder, so a single instance needs no
 * configuration and sessions survive restarts. Replicas behind one URL must share it. */
export function sessionSecret(): string {
  const configured = env().NEXTAUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (configured) return configured;
  const file = path.resolve(/*turbopackIgnore: true*/ env().HOMEOSTAT_DATA_DIR, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error; // another process won the race
    }
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}

import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** NEXTAUTH_SECRET when set; otherwise a random key generated once into the data folder, so
 * sessions survive restarts of a single instance with no configuration. */
export function ensureSessionSecret(dataDir: string): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.resolve(dataDir, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

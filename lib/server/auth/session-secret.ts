import { env } from "@/lib/server/env";

/** The key that signs and encrypts session tokens. `npm start` generates one into the data
 * folder on first run; replicas behind one URL must share it (set NEXTAUTH_SECRET). */
export function sessionSecret(): string {
  const secret = env().NEXTAUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: start the server with `npm start`, or set it");
  return secret;
}

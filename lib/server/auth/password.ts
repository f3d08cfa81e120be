import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with the library's defaults: 19 MiB memory, 2 passes, 1 lane —
// OWASP's minimum recommendation for argon2id.
const options = { algorithm: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verifying against a real hash when the user does not exist keeps the response time the
// same, so timing does not reveal which user names exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword("homeostat-timing-equaliser");
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

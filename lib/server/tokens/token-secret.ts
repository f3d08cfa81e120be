import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// A token reads "hst_<prefix>_<secret>". The prefix is public and indexes the row; only a
// SHA-256 of the 32-byte random secret is stored. A slow hash is unnecessary for secrets with
// 256 bits of entropy, and a fast one keeps per-request checks cheap.

const pattern = /^hst_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function newTokenSecret(): { token: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { token: `hst_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): { prefix: string; secret: string } | null {
  const match = pattern.exec(token);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

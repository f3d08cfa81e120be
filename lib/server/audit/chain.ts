import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/execute/canonical-json";

// The audit log is a hash chain: each row's hash covers its own content and the previous
// row's hash, so changing, removing or reordering any row breaks every hash after it.

export const genesisHash = "0".repeat(64);

export type AuditContent = {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  data: unknown;
};

export function auditHash(prevHash: string, row: AuditContent): string {
  const body = canonicalJson({
    prevHash,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    data: row.data,
  });
  return createHash("sha256").update(body).digest("hex");
}

export type ChainRow = AuditContent & { seq: bigint; prevHash: string; hash: string };

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: bigint; reason: string };

/** Checks rows in sequence order; names the first row whose link or content does not hold. */
export function verifyChain(rows: Iterable<ChainRow>, startHash = genesisHash): ChainVerdict {
  let prev = startHash;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.prevHash !== prev) return { ok: false, rows: count, brokenAt: row.seq, reason: "link to the previous row does not match" };
    if (auditHash(row.prevHash, row) !== row.hash) return { ok: false, rows: count, brokenAt: row.seq, reason: "content does not match its hash" };
    prev = row.hash;
  }
  return { ok: true, rows: count };
}

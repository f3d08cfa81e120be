import type { Prisma } from "@/lib/server/generated/prisma/client";
import { auditHash, genesisHash } from "./chain";

export type AuditEntry = {
  /** Who did it: "user:<name>", "token:<prefix>", "loop", "system". */
  actor: string;
  /** Dotted verb, e.g. "user.create", "auth.sign-in", "plan.approve". */
  action: string;
  target?: string | null;
  data?: Prisma.InputJsonValue;
};

// Appending must be serialised: two transactions reading the same last hash would fork the
// chain. A transaction-scoped advisory lock orders writers and is released at commit.
const chainLock = 0x4a75d17; // arbitrary, unique to the audit chain

/** Appends one row to the chain. Call it inside the transaction that makes the change, so
 * the change and its record commit or roll back together. */
export async function appendAudit(tx: Prisma.TransactionClient, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${chainLock})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? genesisHash;
  const data = entry.data ?? {};
  const target = entry.target ?? null;
  const hash = auditHash(prevHash, { at, actor: entry.actor, action: entry.action, target, data });
  await tx.auditEvent.create({ data: { at, actor: entry.actor, action: entry.action, target, data, prevHash, hash } });
}

import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { genesisHash, verifyChain, type ChainRow, type ChainVerdict } from "./chain";

const pageSize = 5000;

/** Walks the whole chain in pages of rows ordered by sequence. */
export async function verifyAudit(prisma: PrismaClient): Promise<ChainVerdict> {
  let prev = genesisHash;
  let after = 0n;
  let total = 0;
  for (;;) {
    const page = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: pageSize });
    if (page.length === 0) return { ok: true, rows: total };
    const verdict = verifyChain(page as ChainRow[], prev);
    if (!verdict.ok) return { ...verdict, rows: total + verdict.rows };
    total += page.length;
    const last = page[page.length - 1]!;
    prev = last.hash;
    after = last.seq;
  }
}

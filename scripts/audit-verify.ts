// npm run audit:verify — walks the audit log's hash chain and names the first broken row.
// Exit 0 when intact, 1 when broken.
import { verifyAudit } from "@/lib/server/audit/verify-audit";
import { fail, openCliDatabase } from "./lib/cli-database";

const db = await openCliDatabase();
try {
  const verdict = await verifyAudit(db.prisma);
  if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.rows} rows verified`);
  } else {
    console.log(`audit chain BROKEN at row ${verdict.brokenAt}: ${verdict.reason} (${verdict.rows} rows read)`);
    process.exitCode = 1;
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
} finally {
  await db.close();
}

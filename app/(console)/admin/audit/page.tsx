import { AuditLog } from "@/components/audit/audit-log";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function AuditPage() {
  await requirePagePermission("audit.read");
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every change, hash-chained: altering or removing any row breaks the chain from that row on.</p>
      <AuditLog />
    </>
  );
}

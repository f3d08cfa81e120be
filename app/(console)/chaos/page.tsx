import { ChaosPanel } from "@/components/chaos/chaos-panel";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function ChaosPage() {
  await requirePagePermission("faults.inject");
  return (
    <>
      <h1>Chaos</h1>
      <p className="muted">Faults go into the simulated fleet now; the loop should notice, diagnose and propose a remediation.</p>
      <ChaosPanel />
    </>
  );
}

import { FleetTable } from "@/components/fleet/fleet-table";
import { KpiStrip } from "@/components/fleet/kpi-strip";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function OverviewPage() {
  await requirePagePermission("fleet.read");
  return (
    <>
      <h1>Fleet</h1>
      <KpiStrip />
      <FleetTable />
    </>
  );
}

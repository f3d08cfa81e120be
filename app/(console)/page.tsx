import { FleetTable } from "@/components/fleet/fleet-table";
import { KpiStrip } from "@/components/fleet/kpi-strip";
import { TimeRangePicker } from "@/components/fleet/time-range-picker";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function OverviewPage() {
  await requirePagePermission("fleet.read");
  return (
    <>
      <div className="page-head">
        <h1>Fleet</h1>
        <TimeRangePicker />
      </div>
      <KpiStrip />
      <FleetTable />
    </>
  );
}

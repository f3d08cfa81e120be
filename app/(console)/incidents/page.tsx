import { Suspense } from "react";
import { IncidentList } from "@/components/incidents/incident-list";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function IncidentsPage() {
  await requirePagePermission("incidents.read");
  return (
    <>
      <h1>Incidents</h1>
      <Suspense>
        <IncidentList />
      </Suspense>
    </>
  );
}

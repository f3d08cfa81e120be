import { IncidentTimeline } from "@/components/incidents/incident-timeline";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission("incidents.read");
  const { id } = await params;
  return <IncidentTimeline id={id} />;
}

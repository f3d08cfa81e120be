import { ServiceCharts } from "@/components/service/service-charts";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function ServicePage({ params }: { params: Promise<{ name: string }> }) {
  await requirePagePermission("fleet.read");
  const { name } = await params;
  const service = decodeURIComponent(name);
  return (
    <>
      <h1>{service}</h1>
      <ServiceCharts name={service} />
    </>
  );
}

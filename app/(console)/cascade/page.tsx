import { CascadeGraph } from "@/components/cascade/cascade-graph";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function CascadePage() {
  await requirePagePermission("incidents.read");
  return (
    <>
      <h1>Cascade</h1>
      <CascadeGraph />
    </>
  );
}

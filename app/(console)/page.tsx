import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function OverviewPage() {
  const user = await requirePagePermission("fleet.read");
  return (
    <>
      <h1>Overview</h1>
      <p className="muted">Signed in as {user.name} ({user.role}).</p>
    </>
  );
}

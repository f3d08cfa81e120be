import { Suspense } from "react";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function PoliciesPage() {
  const user = await requirePagePermission("policies.read");
  return (
    <>
      <h1>Policies</h1>
      <Suspense>
        <PolicyEditor canPublish={can(user.role, "policies.publish")} canBacktest={can(user.role, "policies.backtest")} />
      </Suspense>
    </>
  );
}

import { ApprovalQueue } from "@/components/approvals/approval-queue";
import { PlanProgress } from "@/components/approvals/plan-progress";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function ApprovalsPage() {
  const user = await requirePagePermission("plans.read");
  return (
    <>
      <h1>Approvals</h1>
      <ApprovalQueue canDecide={can(user.role, "plans.decide")} />
      <PlanProgress />
    </>
  );
}

import { TokensAdmin } from "@/components/admin/tokens-admin";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function TokensPage() {
  await requirePagePermission("tokens.manage");
  return (
    <>
      <h1>API tokens</h1>
      <TokensAdmin />
    </>
  );
}

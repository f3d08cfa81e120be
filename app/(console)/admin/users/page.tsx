import { UsersAdmin } from "@/components/admin/users-admin";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export default async function UsersPage() {
  const user = await requirePagePermission("users.manage");
  return (
    <>
      <h1>Users</h1>
      <UsersAdmin currentUser={user.name} />
    </>
  );
}

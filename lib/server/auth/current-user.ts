import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { authOptions } from "./auth-options";

export type SessionUser = { name: string; role: Role };

/** The signed-in user for a server component, with the role read afresh from the database
 * (the jwt callback reloads it), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { name?: string; role?: Role } | undefined;
  return user?.name && user.role ? { name: user.name, role: user.role } : null;
}

/** For pages: sends anonymous visitors to sign in, and users without the permission home. */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!can(user.role, permission)) redirect("/?denied=" + encodeURIComponent(permission));
  return user;
}

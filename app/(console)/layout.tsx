import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { TopBar } from "@/components/shell/top-bar";
import { currentUser } from "@/lib/server/auth/current-user";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TopBar user={user} />
      <main id="main">{children}</main>
    </>
  );
}

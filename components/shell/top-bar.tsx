"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { can, type Role } from "@/lib/auth/permissions";
import { navItems } from "./nav-items";
import { LiveIndicator } from "./live-indicator";
import { ThemeToggle } from "./theme-toggle";

export function TopBar({ user }: { user: { name: string; role: Role } }) {
  const pathname = usePathname();
  const items = navItems.filter((item) => can(user.role, item.permission));
  return (
    <header className="topbar">
      <span className="brand">Homeostat</span>
      <nav aria-label="Main">
        <ul>
          {items.map((item) => {
            const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
            return (
              <li key={item.href}>
                <Link href={item.href} aria-current={active ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <span className="spacer" />
      <LiveIndicator />
      <ThemeToggle />
      <span className="muted" data-testid="current-user">
        {user.name} · <span className="badge">{user.role}</span>
      </span>
      <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })}>
        Sign out
      </button>
    </header>
  );
}

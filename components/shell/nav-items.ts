import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; permission: Permission };

// The console's sections; each shows only to roles that hold its permission.
export const navItems: NavItem[] = [
  { href: "/", label: "Overview", permission: "fleet.read" },
  { href: "/cascade", label: "Cascade", permission: "incidents.read" },
  { href: "/approvals", label: "Approvals", permission: "plans.read" },
  { href: "/incidents", label: "Incidents", permission: "incidents.read" },
  { href: "/policies", label: "Policies", permission: "policies.read" },
  { href: "/chaos", label: "Chaos", permission: "faults.inject" },
  { href: "/admin/users", label: "Users", permission: "users.manage" },
  { href: "/admin/tokens", label: "Tokens", permission: "tokens.manage" },
  { href: "/admin/audit", label: "Audit", permission: "audit.read" },
];

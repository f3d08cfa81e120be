// Roles and permissions as data. A role holds every permission of the roles below it, so
// the table lists only what each role adds. API tokens do not have roles: they carry scopes,
// and each scope grants a fixed set of permissions.

export const roles = ["viewer", "operator", "approver", "admin"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  "fleet.read",
  "incidents.read",
  "plans.read",
  "policies.read",
  "faults.inject",
  "plans.propose",
  "rca.run",
  "policies.backtest",
  "plans.decide",
  "policies.publish",
  "loop.pause",
  "users.manage",
  "tokens.manage",
  "audit.read",
  "metrics.ingest",
] as const;
export type Permission = (typeof permissions)[number];

const added: Record<Role, readonly Permission[]> = {
  viewer: ["fleet.read", "incidents.read", "plans.read", "policies.read"],
  operator: ["faults.inject", "plans.propose", "rca.run", "policies.backtest"],
  approver: ["plans.decide"],
  admin: ["policies.publish", "loop.pause", "users.manage", "tokens.manage", "audit.read", "metrics.ingest"],
};

function cumulative(role: Role): ReadonlySet<Permission> {
  return new Set(roles.slice(0, roles.indexOf(role) + 1).flatMap((r) => added[r]));
}

const granted: Record<Role, ReadonlySet<Permission>> = {
  viewer: cumulative("viewer"),
  operator: cumulative("operator"),
  approver: cumulative("approver"),
  admin: cumulative("admin"),
};

export function can(role: Role, permission: Permission): boolean {
  return granted[role].has(permission);
}

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

/** The least role that holds a permission, or null when only tokens can hold it. */
export function leastRoleFor(permission: Permission): Role | null {
  return roles.find((role) => can(role, permission)) ?? null;
}

export const tokenScopes = ["ingest", "read", "rca", "chaos"] as const;
export type TokenScope = (typeof tokenScopes)[number];

const scopeGrants: Record<TokenScope, readonly Permission[]> = {
  ingest: ["metrics.ingest"],
  read: added.viewer,
  rca: ["rca.run"],
  chaos: ["faults.inject"],
};

export function scopesCan(scopes: readonly string[], permission: Permission): boolean {
  return scopes.some((s) => (tokenScopes as readonly string[]).includes(s) && scopeGrants[s as TokenScope].includes(permission));
}

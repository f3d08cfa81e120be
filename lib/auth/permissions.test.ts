import { describe, expect, it } from "vitest";
import { can, leastRoleFor, permissions, roles, scopesCan } from "./permissions";

describe("can", () => {
  it("gives each role everything the roles below it have", () => {
    for (const permission of permissions) {
      const holders = roles.map((role) => can(role, permission));
      const first = holders.indexOf(true);
      if (first === -1) continue;
      expect(holders.slice(first).every(Boolean), permission).toBe(true);
    }
  });

  it("keeps decisions and administration away from viewers and operators", () => {
    expect(can("viewer", "fleet.read")).toBe(true);
    expect(can("viewer", "faults.inject")).toBe(false);
    expect(can("operator", "faults.inject")).toBe(true);
    expect(can("operator", "plans.decide")).toBe(false);
    expect(can("approver", "plans.decide")).toBe(true);
    expect(can("approver", "users.manage")).toBe(false);
    expect(can("admin", "users.manage")).toBe(true);
  });

  it("names the least role for a permission", () => {
    expect(leastRoleFor("plans.decide")).toBe("approver");
    expect(leastRoleFor("fleet.read")).toBe("viewer");
  });
});

describe("scopesCan", () => {
  it("grants only what a scope names and ignores unknown scopes", () => {
    expect(scopesCan(["ingest"], "metrics.ingest")).toBe(true);
    expect(scopesCan(["ingest"], "fleet.read")).toBe(false);
    expect(scopesCan(["read"], "fleet.read")).toBe(true);
    expect(scopesCan(["read"], "plans.decide")).toBe(false);
    expect(scopesCan(["admin"], "users.manage")).toBe(false);
    expect(scopesCan([], "fleet.read")).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "./default-policy";
import { validatePolicy } from "./validate-policy";

describe("validatePolicy", () => {
  it("accepts the default policy and fills in defaults", () => {
    const r = validatePolicy(defaultPolicyYaml);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.policy.version).toBe(1);
    expect(r.policy.rules.map((x) => x.id)).toContain("restart-non-critical");
    expect(r.policy.rules[0]?.autoApprove?.maxActions).toBe(3);
    expect(r.policy.approvals.twoApproversAboveBlastRadius).toBe(0.3);
  });

  it("a minimal document means: no rules, nothing allowed", () => {
    const r = validatePolicy("version: 3\nname: empty\n");
    expect(r.ok && r.policy.rules).toEqual([]);
  });

  it("gives every schema error its path, line and column", () => {
    const r = validatePolicy(
      [
        "version: 1",
        "name: x",
        "rules:",
        "  - id: a",
        "    allow: [restart-replica, fly]",
        "    autoApprove:",
        "      strategies: [restart-replica]",
        "holds:",
        "  - service: pay",
        '    reason: ""',
        "    from: 2026-01-01T00:00:00Z",
        "    until: 2025-01-01T00:00:00Z",
      ].join("\n"),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path.join("."), e]));
    expect(byPath["rules.0.allow.1"]).toMatchObject({ line: 5, column: 30 });
    expect(byPath["rules.0.autoApprove.maxActions"]).toMatchObject({
      line: 7,
      message: "maxActions is required",
    });
    expect(byPath["holds.0.reason"]).toMatchObject({ line: 10, message: "a hold needs a reason" });
    expect(byPath["holds.0.until"]).toMatchObject({ line: 12, message: "until must be after from" });
  });

  it("reports cross-field errors once the shapes are valid", () => {
    const r = validatePolicy(
      [
        "version: 1",
        "name: x",
        "rules:",
        "  - id: a",
        "    allow: [scale-out]",
        "    autoApprove: { strategies: [restart-replica], maxActions: 1 }",
        "  - id: a",
      ].join("\n"),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ["rules", 1, "id"], line: 7 }),
        expect.objectContaining({ path: ["rules", 0, "autoApprove", "strategies", 0], line: 6 }),
      ]),
    );
  });

  it("keeps holds time-boxed", () => {
    const hold = (until: string) =>
      validatePolicy(
        `version: 1\nname: x\nholds:\n  - { service: a, reason: r, from: 2026-01-01T00:00:00Z, until: ${until} }\n`,
      );
    expect(hold("2026-03-31T00:00:00Z").ok).toBe(true);
    const r = hold("2026-04-02T00:00:00Z");
    expect(!r.ok && r.errors[0]).toMatchObject({
      path: ["holds", 0, "until"],
      line: 4,
      message: "a hold lasts at most 90 days",
    });
  });

  it("refuses unknown keys (a typo must not silently mean the default)", () => {
    const r = validatePolicy("version: 1\nname: x\nrulez: []\n");
    expect(!r.ok && r.errors[0]).toMatchObject({ path: ["rulez"], line: 3, message: "unknown key rulez" });
  });

  it("points an unknown nested key at the key itself, and explains unions", () => {
    const r = validatePolicy(
      [
        "version: 1",
        "name: x",
        "escalation:",
        "  lite: { maxAttempts: 1, backoffSeconds: 1 }",
        "rules:",
        "  - id: a",
        "    allow: [rollback]",
        "    autoApprove: { strategies: [rollback], maxReplicas: some, maxActions: 1 }",
      ].join("\n"),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: ["escalation", "lite"], line: 4, column: 3, message: "unknown key lite" },
      {
        path: ["rules", 0, "autoApprove", "maxReplicas"],
        line: 8,
        column: 57,
        message: 'expected a positive whole number of replicas, or "all"',
      },
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const r = validatePolicy("version: 1\nname: [\n");
    expect(!r.ok && r.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses an alias without an anchor and an alias bomb, with a position", () => {
    const unresolved = validatePolicy("version: 1\nname: *nothing\n");
    expect(!unresolved.ok && unresolved.errors[0]).toMatchObject({ line: 2, column: 7 });
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    ].join("\n");
    const r = validatePolicy(bomb);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]?.message).toMatch(/alias/i);
  });

  it("refuses duplicate keys", () => {
    const r = validatePolicy("version: 1\nname: a\nname: b\n");
    expect(!r.ok && r.errors[0]?.line).toBe(3);
  });
});

describe("validatePolicy on arbitrary input", () => {
  it("never throws, and every error has a path and a position inside the text", () => {
    const lines = defaultPolicyYaml.split("\n");
    const mutated = fc
      .tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 20 }), fc.boolean())
      .map(([i, text, replace]) => {
        const copy = [...lines];
        if (replace) copy[i] = text;
        else copy.splice(i, 0, text);
        return copy.join("\n");
      });
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        const r = validatePolicy(text);
        if (r.ok) return;
        expect(r.errors.length).toBeGreaterThan(0);
        const lineCount = text.split(/\r\n|\r|\n/).length;
        for (const e of r.errors) {
          expect(Array.isArray(e.path)).toBe(true);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lineCount);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "./default-policy";
import { diffPolicies } from "./diff-policies";

/** Rebuild both sides from the hunks plus the unchanged lines, to check the diff is faithful. */
function apply(a: string, diff: ReturnType<typeof diffPolicies>): string {
  const old = a === "" ? [] : a.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let cursor = 1;
  for (const h of diff.hunks) {
    const start = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart;
    out.push(...old.slice(cursor - 1, start - 1));
    for (const l of h.lines) if (l.op !== "remove") out.push(l.text);
    cursor = start + h.oldLines;
  }
  out.push(...old.slice(cursor - 1));
  return out.join("\n");
}

describe("diffPolicies", () => {
  it("is empty for identical documents", () => {
    expect(diffPolicies(defaultPolicyYaml, defaultPolicyYaml)).toEqual({
      hunks: [],
      added: 0,
      removed: 0,
      unified: "",
    });
  });

  it("shows a one-line change with three lines of context, like diff -u", () => {
    const b = defaultPolicyYaml.replace("maxActions: 3", "maxActions: 5");
    const d = diffPolicies(defaultPolicyYaml, b);
    expect(d.added).toBe(1);
    expect(d.removed).toBe(1);
    expect(d.hunks).toHaveLength(1);
    const line = defaultPolicyYaml.split("\n").findIndex((l) => l.includes("maxActions: 3")) + 1;
    expect(d.hunks[0]?.header).toBe(`@@ -${line - 3},7 +${line - 3},7 @@`);
    expect(d.unified).toContain("-      maxActions: 3\n+      maxActions: 5");
  });

  it("numbers pure insertions and deletions as diff -u does", () => {
    expect(diffPolicies("a\nb\n", "a\nb\nc\n").hunks[0]?.header).toBe("@@ -1,2 +1,3 @@");
    expect(diffPolicies("", "x\n").hunks[0]?.header).toBe("@@ -0,0 +1,1 @@");
    expect(diffPolicies("x\n", "").hunks[0]?.header).toBe("@@ -1,1 +0,0 @@");
  });

  it("is a minimal, faithful edit script", () => {
    const line = fc.constantFrom("a", "b", "c", "d");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (xs, ys) => {
        const a = xs.join("\n");
        const b = ys.join("\n");
        const d = diffPolicies(a, b, 1);
        expect(apply(a, d)).toBe(b);
        // Myers is minimal: edits = n + m − 2·LCS.
        const lcs = Array.from({ length: xs.length + 1 }, () => new Array<number>(ys.length + 1).fill(0));
        for (let i = 1; i <= xs.length; i++)
          for (let j = 1; j <= ys.length; j++)
            lcs[i]![j] =
              xs[i - 1] === ys[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
        expect(d.added + d.removed).toBe(xs.length + ys.length - 2 * lcs[xs.length]![ys.length]!);
      }),
    );
  });
});

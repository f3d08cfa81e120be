import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/execute/canonical-json";
import { auditHash, genesisHash, verifyChain, type ChainRow } from "./chain";

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = genesisHash;
  for (let i = 0; i < n; i++) {
    const content = { at: new Date(Date.UTC(2026, 0, 1, 0, i)), actor: "user:ann", action: "plan.approve", target: `P-${i}`, data: { b: 1, a: [i] } };
    const hash = auditHash(prev, content);
    rows.push({ ...content, seq: BigInt(i + 1), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("canonicalJson", () => {
  it("does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain", () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5 });
  });

  it("names the first row whose content changed", () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, actor: "user:mallory" };
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3n });
  });

  it("detects a removed row", () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3n });
  });

  it("detects a row rewritten together with its own hash", () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, data: { forged: true } };
    forged.hash = auditHash(forged.prevHash, forged);
    rows[1] = forged;
    expect(verifyChain(rows)).toMatchObject({ ok: false, brokenAt: 3n });
  });
});

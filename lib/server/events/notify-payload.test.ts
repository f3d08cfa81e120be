import { describe, expect, it } from "vitest";
import { ChunkAssembler, decodeNotification, encodeNotifications } from "./notify-payload";

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

describe("live events in NOTIFY payloads", () => {
  it("sends a small event as one payload", () => {
    const payloads = encodeNotifications("a1", "0", { type: "changed", topics: ["plans"] });
    expect(payloads).toHaveLength(1);
    const chunk = decodeNotification(payloads[0]!)!;
    expect(chunk).toMatchObject({ origin: "a1", messageId: "0", index: 0, count: 1 });
    expect(JSON.parse(new ChunkAssembler().add(chunk)!)).toEqual({ type: "changed", topics: ["plans"] });
  });

  it("splits a large event into payloads under the limit, non-ASCII text included, and joins them in any order", () => {
    const event = { note: "é🙂 ".repeat(5_000), n: 1 };
    const payloads = encodeNotifications("origin", "z9", event, 1_000);
    expect(payloads.length).toBeGreaterThan(20);
    for (const p of payloads) expect(byteLength(p)).toBeLessThanOrEqual(1_000);
    const assembler = new ChunkAssembler();
    const shuffled = [...payloads].reverse();
    const results = shuffled.map((p) => assembler.add(decodeNotification(p)!));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(JSON.parse(results.at(-1)!)).toEqual(event);
  });

  it("keeps messages from different origins apart and ignores a repeated chunk", () => {
    const a = encodeNotifications("a", "1", { from: "a".repeat(300) }, 200);
    const b = encodeNotifications("b", "1", { from: "b".repeat(300) }, 200);
    const assembler = new ChunkAssembler();
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      for (const p of [a[i], a[i], b[i]]) {
        if (!p) continue;
        const joined = assembler.add(decodeNotification(p)!);
        if (joined) out.push(joined);
      }
    }
    expect(out.map((j) => (JSON.parse(j) as { from: string }).from[0]).sort()).toEqual(["a", "b"]);
  });

  it("rejects payloads that are not chunks", () => {
    expect(decodeNotification("hello")).toBeNull();
    expect(decodeNotification("a 1 3 3 {}")).toBeNull();
  });
});

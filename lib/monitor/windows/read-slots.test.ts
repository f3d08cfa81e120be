import { describe, expect, it } from "vitest";
import { layerHistory } from "./read-slots";
import { SeriesStore } from "./series-store";

const t0 = Date.UTC(2026, 0, 14, 0, 0, 0);
const min = 60_000;

describe("slot means", () => {
  it("gives one mean per 5-minute slot of the 1h window, at the slot's middle, oldest first", () => {
    const store = new SeriesStore({ maxSeries: 2 });
    const id = store.ensure("api", "latency_p99");
    // Two hours at one sample per 10 s; the value is the number of the 5-minute slot.
    for (let t = t0; t < t0 + 120 * min; t += 10_000) store.record(id, t, Math.floor((t - t0) / (5 * min)));
    const now = t0 + 120 * min;
    const slots = store.slotMeans(id, "1h", now);
    expect(slots.length).toBeGreaterThanOrEqual(12);
    expect(slots.length).toBeLessThanOrEqual(13);
    for (const [t, v] of slots) {
      expect(v).toBe(Math.floor((t - t0) / (5 * min)));
      expect((t - t0) % (5 * min)).toBe(2.5 * min);
    }
    expect(slots.at(-1)![0]).toBeLessThan(now);
    expect(slots[0]![0]).toBeGreaterThanOrEqual(now - 65 * min);
    const day = store.slotMeans(id, "24h", now);
    expect(day.map(([t]) => t - t0)).toEqual([60 * min]);
    // 30 samples of each value 0..23, less the last one, still in the open fine slot.
    expect(day[0]![1]).toBeCloseTo((30 * 276 - 23) / 719, 9);
    expect(store.slotMeans(99, "1h", now)).toEqual([]);
  });
});

describe("layerHistory", () => {
  it("keeps the finest points and fills older time from coarser layers, never before the start", () => {
    const raw: [number, number][] = [[100, 1], [101, 2], [102, 3]];
    const fine: [number, number][] = [[90, 10], [95, 11], [100.5, 12]];
    const coarse: [number, number][] = [[40, 20], [70, 21], [99, 22]];
    expect(layerHistory([raw, fine, coarse], 50)).toEqual([[70, 21], [90, 10], [95, 11], [100, 1], [101, 2], [102, 3]]);
    expect(layerHistory([[], fine, coarse], 0)).toEqual([[40, 20], [70, 21], [90, 10], [95, 11], [100.5, 12]]);
    expect(layerHistory([raw], 101)).toEqual([[101, 2], [102, 3]]);
  });
});

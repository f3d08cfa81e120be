import type { WindowArrays } from "./window-arrays";
import { F_COUNT, F_SLOT, F_SUM, levels, statFields, statRing, statSlotMs, windowNames, type WindowName } from "./window-layout";

/**
 * The mean of each live stats slot of one window at `nowMs`, oldest first, as [ms, mean]
 * pairs placed at the slot's middle: a coarse history (12 slots per window, e.g. 5 min each
 * over 1h, 2 h each over 24h) for charts longer than the recent points. The open fine slot
 * (the last few seconds, not yet folded into the rings) is left out.
 */
export function readSlotMeans(a: WindowArrays, id: number, window: WindowName, nowMs: number): [number, number][] {
  const l = windowNames.indexOf(window);
  const width = statSlotMs[l]!;
  const cur = Math.floor(nowMs / width);
  const out: [number, number][] = [];
  for (let pos = 0; pos < statRing; pos++) {
    const b = ((id * levels + l) * statRing + pos) * statFields;
    const slot = a.stats[b + F_SLOT]!;
    const count = a.stats[b + F_COUNT]!;
    if (slot < cur - (statRing - 1) || slot > cur || count === 0) continue;
    out.push([slot * width + width / 2, a.stats[b + F_SUM]! / count]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/**
 * One history from layers of decreasing resolution (finest first, each oldest first): each
 * layer contributes only points older than the finer layers' first point, and nothing before
 * `fromMs`. Recent points stay raw and older ones come from coarser windows, as a round-robin
 * database consolidates.
 */
export function layerHistory(layers: readonly (readonly [number, number][])[], fromMs: number): [number, number][] {
  let cutoff = Infinity;
  const parts: [number, number][][] = [];
  for (const layer of layers) {
    const kept = layer.filter(([t]) => t >= fromMs && t < cutoff);
    parts.unshift(kept);
    if (layer.length > 0) cutoff = Math.min(cutoff, layer[0]![0]);
  }
  return parts.flat();
}

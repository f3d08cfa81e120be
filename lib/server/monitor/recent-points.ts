// The last few points of each series, for sparklines and charts: the rolling windows keep
// summaries, not points. Fixed capacity per series, so memory is bounded by series × capacity.

type Ring = { t: Float64Array; v: Float64Array; head: number; size: number };

export class RecentPoints {
  private readonly rings = new Map<string, Ring>();

  constructor(private readonly capacity = 360) {}

  private static key(service: string, metric: string): string {
    return `${service}\u0000${metric}`;
  }

  push(service: string, metric: string, t: number, v: number): void {
    const key = RecentPoints.key(service, metric);
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { t: new Float64Array(this.capacity), v: new Float64Array(this.capacity), head: 0, size: 0 };
      this.rings.set(key, ring);
    }
    ring.t[ring.head] = t;
    ring.v[ring.head] = v;
    ring.head = (ring.head + 1) % this.capacity;
    ring.size = Math.min(ring.size + 1, this.capacity);
  }

  /** Points at or after `sinceMs`, oldest first, as [t, v] pairs. */
  points(service: string, metric: string, sinceMs = 0): [number, number][] {
    const ring = this.rings.get(RecentPoints.key(service, metric));
    if (!ring) return [];
    const out: [number, number][] = [];
    for (let k = ring.size; k > 0; k--) {
      const i = (ring.head - k + this.capacity) % this.capacity;
      if (ring.t[i]! >= sinceMs) out.push([ring.t[i]!, ring.v[i]!]);
    }
    return out;
  }

  forget(service: string, metric: string): void {
    this.rings.delete(RecentPoints.key(service, metric));
  }
}

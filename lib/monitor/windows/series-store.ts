import type { Sample, SeriesKey } from "@/lib/monitor/types";
import { readQuantiles, readWindow, type WindowSummary } from "./read-window";
import { readSlotMeans } from "./read-slots";
import { WindowArrays } from "./window-arrays";
import { windowNames, type WindowName } from "./window-layout";

/** Outcome of one sample. Policy: per series, timestamps must strictly increase. A sample at
 * the series' latest timestamp is a duplicate and is ignored (first write wins); an older one
 * is out of order and is refused; a non-finite value or time (NaN — e.g. Prometheus staleness
 * markers —, ±Infinity) or a negative time is invalid and is refused. None of these changes
 * any window. */
export const recordStatus = { accepted: 0, duplicate: 1, outOfOrder: 2, invalid: 3, overCap: 4 } as const;
export type RecordStatus = (typeof recordStatus)[keyof typeof recordStatus];

export type BatchProblem = { index: number; reason: "duplicate" | "out_of_order" | "invalid" };
export type BatchCheck = { newSeries: number; wouldExceedCap: boolean; problems: BatchProblem[] };
export type IngestResult =
  | { ok: true; accepted: number; newSeries: number; duplicate: number; outOfOrder: number; invalid: number }
  | { ok: false; reason: "too_many_series"; newSeries: number; available: number };

const keyString = (service: string, metric: string) => `${service}\u0000${metric}`;

/** Rolling windows (1m, 5m, 15m, 1h, 24h) for many series in bounded memory: about
 * `bytesPerSeries` (9.6 KB) per series, at most `maxSeries` series (so at most
 * maxSeries × bytesPerSeries bytes, plus the key maps). */
export class SeriesStore {
  readonly maxSeries: number;
  /** service -> metric -> id: two lookups on the caller's strings, no key string per sample. */
  private readonly ids = new Map<string, Map<string, number>>();
  private scratchIds = new Int32Array(1024);
  /** Key per id; null for an evicted id waiting in `free` to be reused. */
  private readonly keyList: (SeriesKey | null)[] = [];
  private readonly free: number[] = [];
  private readonly arrays = new WindowArrays();

  constructor(options: { maxSeries: number }) {
    if (!(options.maxSeries >= 1)) throw new Error("maxSeries must be at least 1");
    this.maxSeries = options.maxSeries;
  }

  /** Live series. */
  get size(): number {
    return this.keyList.length - this.free.length;
  }

  /** The series id, or -1 if the series does not exist. */
  idOf(service: string, metric: string): number {
    return this.ids.get(service)?.get(metric) ?? -1;
  }

  keyOf(id: number): SeriesKey | undefined {
    return this.keyList[id] ?? undefined;
  }

  /** Live series with their ids. */
  entries(): { id: number; key: SeriesKey }[] {
    return this.keyList.flatMap((key, id) => (key ? [{ id, key }] : []));
  }

  /** Distinct series among `keys` that do not exist yet. */
  countNew(keys: Iterable<SeriesKey>): number {
    const seen = new Set<string>();
    for (const k of keys) if (this.idOf(k.service, k.metric) < 0) seen.add(keyString(k.service, k.metric));
    return seen.size;
  }

  /** Whether creating `newSeries` more series would pass the cap (answer 429, refuse the batch). */
  wouldExceed(newSeries: number): boolean {
    return this.size + newSeries > this.maxSeries;
  }

  /** The id of the series, created if needed; -1 when creating it would pass the cap. */
  ensure(service: string, metric: string): number {
    const found = this.idOf(service, metric);
    if (found >= 0) return found;
    if (this.wouldExceed(1)) return -1;
    let id = this.free.pop();
    if (id === undefined) {
      id = this.keyList.length;
      this.arrays.reserve(id + 1, this.maxSeries);
      this.keyList.push(null);
    } else {
      this.arrays.clear(id);
    }
    let metrics = this.ids.get(service);
    if (!metrics) this.ids.set(service, (metrics = new Map<string, number>()));
    metrics.set(metric, id);
    this.keyList[id] = { service, metric };
    return id;
  }

  /** Forgets series with no sample since `nowMs - idleMs` (default: 26 h, when even the 24h
   * window is empty), so their room under the cap goes to new series. Their ids are reused:
   * holders of an id must look it up again after an eviction. Returns how many were evicted. */
  evictIdle(nowMs: number, idleMs = 26 * 3_600_000): number {
    let evicted = 0;
    this.keyList.forEach((key, id) => {
      if (!key || this.arrays.lastT(id) >= nowMs - idleMs) return;
      const metrics = this.ids.get(key.service)!;
      metrics.delete(key.metric);
      if (metrics.size === 0) this.ids.delete(key.service);
      this.keyList[id] = null;
      this.free.push(id);
      evicted++;
    });
    return evicted;
  }

  /** Adds a sample to every window of series `id`, an id from `ensure` (the hot path: O(1),
   * no allocation, no bounds check). */
  record(id: number, t: number, v: number): RecordStatus {
    if (!Number.isFinite(v) || !Number.isFinite(t) || t < 0) return recordStatus.invalid;
    const last = this.arrays.lastT(id);
    if (t <= last) return t === last ? recordStatus.duplicate : recordStatus.outOfOrder;
    this.arrays.add(id, t, v);
    return recordStatus.accepted;
  }

  recordSample(s: Sample): RecordStatus {
    const id = this.ensure(s.service, s.metric);
    return id < 0 ? recordStatus.overCap : this.record(id, s.t, s.v);
  }

  /** What `ingest` would do, without changing anything: new series, cap, and per-sample
   * problems (in batch order, so a batch may carry several samples of one series in time order). */
  checkBatch(samples: readonly Sample[]): BatchCheck {
    const lastT = new Map<string, number>();
    const problems: BatchProblem[] = [];
    let newSeries = 0;
    samples.forEach((s, index) => {
      const k = keyString(s.service, s.metric);
      let last = lastT.get(k);
      if (last === undefined) {
        const id = this.idOf(s.service, s.metric);
        if (id < 0) newSeries++;
        last = id < 0 ? -Infinity : this.arrays.lastT(id);
      }
      if (!Number.isFinite(s.v) || !Number.isFinite(s.t) || s.t < 0) problems.push({ index, reason: "invalid" });
      else if (s.t <= last) problems.push({ index, reason: s.t === last ? "duplicate" : "out_of_order" });
      else last = s.t;
      lastT.set(k, last);
    });
    return { newSeries, wouldExceedCap: this.wouldExceed(newSeries), problems };
  }

  /** Records a batch. All or nothing on the series cap: if the batch's new series do not all
   * fit, nothing is recorded. Otherwise every sample is recorded under the per-sample policy
   * of `recordStatus` (callers wanting all-or-nothing on bad samples run `checkBatch` first). */
  ingest(samples: readonly Sample[]): IngestResult {
    if (this.scratchIds.length < samples.length) this.scratchIds = new Int32Array(samples.length);
    const ids = this.scratchIds;
    let unknown = 0;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      ids[i] = this.idOf(s.service, s.metric);
      if (ids[i]! < 0) unknown++;
    }
    const newSeries = unknown === 0 ? 0 : this.countNew(samples);
    if (this.wouldExceed(newSeries)) {
      return { ok: false, reason: "too_many_series", newSeries, available: this.maxSeries - this.size };
    }
    let accepted = 0;
    let duplicate = 0;
    let outOfOrder = 0;
    let invalid = 0;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const id = ids[i]! >= 0 ? ids[i]! : this.ensure(s.service, s.metric);
      const status = this.record(id, s.t, s.v);
      if (status === recordStatus.accepted) accepted++;
      else if (status === recordStatus.duplicate) duplicate++;
      else if (status === recordStatus.outOfOrder) outOfOrder++;
      else invalid++;
    }
    return { ok: true, accepted, newSeries, duplicate, outOfOrder, invalid };
  }

  /** Summary of one window ending at `nowMs`; null if the series is unknown or the window empty. */
  summary(id: number, window: WindowName, nowMs: number): WindowSummary | null {
    if (!this.keyList[id]) return null;
    return readWindow(this.arrays, id, window, nowMs);
  }

  /** Every window's summary for one series. */
  summaries(id: number, nowMs: number): Record<WindowName, WindowSummary | null> {
    const out = {} as Record<WindowName, WindowSummary | null>;
    for (const w of windowNames) out[w] = this.summary(id, w, nowMs);
    return out;
  }

  /** One quantile q in [0, 1] of a window; null if the window is empty. */
  quantile(id: number, window: WindowName, q: number, nowMs: number): number | null {
    const s = this.summary(id, window, nowMs);
    if (!s) return null;
    return readQuantiles(this.arrays, id, windowNames.indexOf(window), nowMs, [q], s.min, s.max)[0]!;
  }

  /** One window's per-slot means, oldest first (see readSlotMeans); empty for an unknown series. */
  slotMeans(id: number, window: WindowName, nowMs: number): [number, number][] {
    if (!this.keyList[id]) return [];
    return readSlotMeans(this.arrays, id, window, nowMs);
  }

  /** The latest sample of a series. */
  last(id: number): { t: number; v: number } | null {
    if (!this.keyList[id] || this.arrays.lastT(id) === -Infinity) return null;
    return { t: this.arrays.lastT(id), v: this.arrays.lastV(id) };
  }
}

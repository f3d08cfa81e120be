import type { Timer } from "./timer";

/** A timer for tests: nothing fires until `runDue` moves the clock. */
export class ManualTimer implements Timer {
  private clock: number;
  private pending: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(startMs: number) {
    this.clock = startMs;
  }

  now = (): number => this.clock;

  set = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.pending.push({ at: this.clock + ms, fn, id });
    return id;
  };

  clear = (handle: unknown): void => {
    this.pending = this.pending.filter((p) => p.id !== handle);
  };

  /** Delays (ms from now) of the timers waiting. */
  get waiting(): number[] {
    return this.pending.map((p) => p.at - this.clock).sort((a, b) => a - b);
  }

  /** Moves the clock to the earliest pending timer and fires every timer due by then. */
  runNext(): number {
    const first = Math.min(...this.pending.map((p) => p.at));
    if (!Number.isFinite(first)) return 0;
    this.clock = Math.max(this.clock, first);
    const due = this.pending.filter((p) => p.at <= this.clock);
    this.pending = this.pending.filter((p) => p.at > this.clock);
    for (const p of due) p.fn();
    return due.length;
  }
}

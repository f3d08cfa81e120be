import { SeriesStore, type IngestResult } from "@/lib/monitor/windows/series-store";
import type { Sample, ServiceSignal } from "@/lib/monitor/types";
import { log } from "@/lib/server/log";
import { headlineMetrics } from "@/lib/validations/fleet";
import { RecentPoints } from "./recent-points";
import { SimulatedFleet } from "./simulated-fleet";

// Charts need points only for the headline metrics; keeping them for every pushed series
// would cost a keyed lookup per sample on the ingest path.
const chartedMetrics = new Set<string>(headlineMetrics);

export type MonitorOptions = {
  maxSeries: number;
  simulated: { enabled: boolean; seed: number } | null;
  tickMs: number;
};

const defaultOptions: MonitorOptions = {
  maxSeries: 50_000,
  simulated: { enabled: true, seed: 42 },
  tickMs: 2_000,
};

/** The Monitor as it runs inside the server: every source's samples go into one bounded
 * store of rolling windows (and a short history for charts); signals (alerts, probe
 * failures) are kept in a bounded list. One per process. */
export class MonitorHost {
  readonly store: SeriesStore;
  readonly recent = new RecentPoints();
  readonly fleet: SimulatedFleet | null;
  private readonly signalLog: ServiceSignal[] = [];
  private timer: NodeJS.Timeout | undefined;
  lastTickMs = 0;

  constructor(
    readonly options: MonitorOptions,
    nowMs: number,
  ) {
    this.store = new SeriesStore({ maxSeries: options.maxSeries });
    this.fleet = options.simulated?.enabled
      ? new SimulatedFleet({ seed: options.simulated.seed, nowMs })
      : null;
  }

  /** One pass of the pull sources: today the simulated fleet. */
  tick(nowMs: number): void {
    this.lastTickMs = nowMs;
    if (this.fleet) {
      this.fleet.advanceTo(nowMs);
      this.ingest(this.fleet.samples(nowMs));
    }
  }

  /** Records samples in the windows and the chart history. The batch is refused whole when
   * its new series would pass the cap. */
  ingest(samples: readonly Sample[]): IngestResult {
    const result = this.store.ingest(samples);
    if (result.ok)
      for (const s of samples)
        if (chartedMetrics.has(s.metric)) this.recent.push(s.service, s.metric, s.t, s.v);
    return result;
  }

  addSignals(signals: readonly ServiceSignal[]): void {
    this.signalLog.push(...signals);
    if (this.signalLog.length > 1000) this.signalLog.splice(0, this.signalLog.length - 1000);
  }

  signals(sinceMs = 0): ServiceSignal[] {
    return this.signalLog.filter((s) => s.t >= sinceMs);
  }

  /** Ticks on a timer; the next tick is scheduled only after the last one returned. */
  start(clock: () => number = Date.now): void {
    if (this.timer) return;
    const loop = () => {
      try {
        this.tick(clock());
      } catch (error) {
        log.error("monitor tick failed", { error });
      }
      this.timer = setTimeout(loop, this.options.tickMs);
      this.timer.unref();
    };
    loop();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const key = Symbol.for("homeostat.monitor");

/** The process-wide monitor, created and started on first use. */
export function monitorHost(): MonitorHost {
  const holder = globalThis as { [key]?: MonitorHost };
  if (!holder[key]) {
    holder[key] = new MonitorHost(defaultOptions, Date.now());
    holder[key].start();
  }
  return holder[key];
}

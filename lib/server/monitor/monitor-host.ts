import fs from "node:fs";
import { defaultMonitorConfig, type MonitorConfig } from "@/lib/monitor/config/monitor-config";
import type { Sample, ServiceSignal } from "@/lib/monitor/types";
import { SeriesStore, type IngestResult } from "@/lib/monitor/windows/series-store";
import { parseTopologyText } from "@/lib/sim/topology-schema";
import { publish, subscriberCount } from "@/lib/server/events/event-bus";
import { log } from "@/lib/server/log";
import { fleetView } from "./fleet-view";
import { headlineMetrics } from "@/lib/validations/fleet";
import { RecentPoints } from "./recent-points";
import { SimulatedFleet } from "./simulated-fleet";
import { startProbes } from "./sources/probe-runner";
import { startPrometheusPolling } from "./sources/prometheus-poller";

// Charts need points only for the headline metrics; keeping them for every pushed series
// would cost a keyed lookup per sample on the ingest path.
const chartedMetrics = new Set<string>(headlineMetrics);

/** How often the pull sources that live in process (the simulated fleet) are read. */
const tickMs = 2_000;

/** The Monitor as it runs inside the server: every source's samples go into one bounded
 * store of rolling windows (and a short history for charts); signals (alerts, probe
 * failures) are kept in a bounded list. One per process. */
export class MonitorHost {
  readonly store: SeriesStore;
  readonly recent = new RecentPoints();
  readonly fleet: SimulatedFleet | null;
  private readonly signalLog: ServiceSignal[] = [];
  private readonly stoppers: (() => void)[] = [];
  private readonly listeners = new Set<(samples: readonly Sample[]) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly config: MonitorConfig,
    nowMs: number,
  ) {
    this.store = new SeriesStore({ maxSeries: config.sources.push.maxSeries });
    const sim = config.sources.simulated;
    const topology = sim.topology ? parseTopologyText(fs.readFileSync(sim.topology, "utf8")) : undefined;
    this.fleet = sim.enabled ? new SimulatedFleet({ seed: sim.seed, nowMs, topology, speed: sim.speed }) : null;
  }

  get pushLimits(): MonitorConfig["sources"]["push"] {
    return this.config.sources.push;
  }

  /** One pass of the in-process source (the simulated fleet), then the fleet's view to the
   * open live streams. */
  tick(nowMs: number): void {
    if (this.fleet) {
      this.fleet.advanceTo(nowMs);
      this.ingest(this.fleet.samples(nowMs));
    }
    if (subscriberCount() > 0) publish({ type: "fleet", view: fleetView(this, nowMs) });
  }

  /** Records samples in the windows and the chart history. The batch is refused whole when
   * its new series would pass the cap. */
  ingest(samples: readonly Sample[]): IngestResult {
    const result = this.store.ingest(samples);
    if (result.ok) {
      for (const s of samples) if (chartedMetrics.has(s.metric)) this.recent.push(s.service, s.metric, s.t, s.v);
      for (const listener of this.listeners) listener(samples);
    }
    return result;
  }

  /** Calls `listener` with every accepted batch (the loop reads its samples this way). */
  subscribe(listener: (samples: readonly Sample[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addSignals(signals: readonly ServiceSignal[]): void {
    this.signalLog.push(...signals);
    if (this.signalLog.length > 1000) this.signalLog.splice(0, this.signalLog.length - 1000);
  }

  signals(sinceMs = 0): ServiceSignal[] {
    return this.signalLog.filter((s) => s.t >= sinceMs);
  }

  /** Starts every configured source. The simulated fleet's next tick is scheduled only after
   * the last one returned; Prometheus polls and probes keep their own schedules. */
  start(clock: () => number = Date.now): void {
    if (this.timer) return;
    const loop = () => {
      try {
        this.tick(clock());
      } catch (error) {
        log.error("monitor tick failed", { error });
      }
      this.timer = setTimeout(loop, tickMs);
      this.timer.unref();
    };
    loop();
    const { prometheus, probes } = this.config.sources;
    if (prometheus) {
      const polling = startPrometheusPolling(prometheus, (poll) => {
        const result = this.ingest(poll.samples);
        for (const { query, error } of poll.errors) log.warn("prometheus query failed", { query, kind: error.kind, error: error.message });
        if (!result.ok) log.warn("prometheus samples refused: series cap reached", { newSeries: result.newSeries });
      });
      this.stoppers.push(polling.stop);
    }
    if (probes.length > 0) {
      const running = startProbes(probes, (outcome) => {
        this.ingest(outcome.samples);
        if (outcome.signal) this.addSignals([outcome.signal]);
      });
      this.stoppers.push(running.stop);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const stop of this.stoppers.splice(0)) stop();
  }
}

const key = Symbol.for("homeostat.monitor");
type Holder = { [key]?: MonitorHost };

/** Creates and starts the process-wide monitor from a validated configuration, once. */
export function initMonitorHost(config: MonitorConfig, nowMs = Date.now()): MonitorHost {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    holder[key] = new MonitorHost(config, nowMs);
    holder[key].start();
  }
  return holder[key];
}

/** The process-wide monitor. Started at boot (scripts/start.ts or instrumentation.ts); a
 * process that never booted one (a test) gets the default sources. */
export function monitorHost(): MonitorHost {
  const holder = globalThis as Holder;
  return holder[key] ?? initMonitorHost(defaultMonitorConfig);
}

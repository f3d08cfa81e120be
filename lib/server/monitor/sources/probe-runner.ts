import {
  initialProbeSchedule,
  nextProbeSchedule,
  type ProbeScheduleState,
} from "@/lib/monitor/sources/probe-schedule";
import {
  probeSamples,
  probeSignal,
  type ProbeResult,
  type ProbeSpec,
} from "@/lib/monitor/sources/probe-spec";
import type { Sample, ServiceSignal } from "@/lib/monitor/types";
import { runHttpProbe } from "./http-probe";
import { realTimer, type Timer } from "./timer";

export type ProbeOutcome = {
  result: ProbeResult;
  samples: Sample[];
  signal: ServiceSignal | null;
  nextDelayMs: number;
};

export type ProbeRunnerDeps = {
  fetch?: typeof fetch;
  timer?: Timer;
  /** Uniform in [0, 1), for jitter. */
  random?: () => number;
};

/** Probes every spec on its own adaptive schedule until `stop()`. The first run of each probe
 * is spread over its minimum interval so that many probes do not fire at once. A probe's
 * next run is scheduled only after its current one finished, so a slow target is never
 * probed twice at a time. */
export function startProbes(
  specs: readonly ProbeSpec[],
  onOutcome: (outcome: ProbeOutcome) => void,
  deps: ProbeRunnerDeps = {},
): { stop: () => void } {
  const timer = deps.timer ?? realTimer;
  const random = deps.random ?? Math.random;
  const handles = new Map<string, unknown>();
  let stopped = false;

  const schedule = (
    spec: ProbeSpec,
    state: ProbeScheduleState,
    previousOk: boolean | undefined,
    delayMs: number,
  ) => {
    handles.set(
      spec.name,
      timer.set(() => {
        void runHttpProbe(spec, { fetch: deps.fetch, now: timer.now }).then((result) => {
          if (stopped) return;
          const next = nextProbeSchedule(state, result.ok, spec, random);
          onOutcome({
            result,
            samples: probeSamples(result),
            signal: probeSignal(result, previousOk),
            nextDelayMs: next.delayMs,
          });
          schedule(spec, next.state, result.ok, next.delayMs);
        });
      }, delayMs),
    );
  };

  for (const spec of specs)
    schedule(spec, initialProbeSchedule(spec), undefined, Math.floor(random() * spec.minIntervalMs));
  return {
    stop() {
      stopped = true;
      for (const handle of handles.values()) timer.clear(handle);
      handles.clear();
    },
  };
}

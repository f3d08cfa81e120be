import {
  matrixToSamples,
  nextQueryRange,
  type PrometheusSourceConfig,
} from "@/lib/monitor/sources/prometheus-query";
import type { Sample } from "@/lib/monitor/types";
import { PrometheusQueryError, queryRange, type PrometheusDeps } from "./prometheus-source";
import { realTimer, type Timer } from "./timer";

export type PrometheusPoll = {
  samples: Sample[];
  /** Per failed query; a failed query is asked again from where it stopped (up to the lookback). */
  errors: { query: string; error: PrometheusQueryError }[];
  unattributed: number;
};

/** Queries every configured query each `interval` until `stop()`. Each query keeps its own
 * last end, so a query that fails is retried over the range it missed while the others move
 * on; ranges are step-aligned so no evaluation instant is fetched twice. A poll starts only
 * after the previous one finished. */
export function startPrometheusPolling(
  source: PrometheusSourceConfig,
  onPoll: (poll: PrometheusPoll) => void,
  deps: PrometheusDeps & { timer?: Timer } = {},
): { stop: () => void; pollNow: () => Promise<void> } {
  const timer = deps.timer ?? realTimer;
  const client = { url: source.url, auth: source.auth, timeoutMs: source.timeout };
  const lastEnd: (number | undefined)[] = source.queries.map(() => undefined);
  let handle: unknown;
  let stopped = false;

  const poll = async (): Promise<void> => {
    const now = timer.now();
    const out: PrometheusPoll = { samples: [], errors: [], unattributed: 0 };
    await Promise.all(
      source.queries.map(async (q, i) => {
        const range = nextQueryRange(lastEnd[i], now, source.step, source.lookback);
        if (!range) return;
        try {
          const series = await queryRange(client, q.query, { ...range, stepMs: source.step }, deps);
          const mapped = matrixToSamples(series, q);
          for (const s of mapped.samples) out.samples.push(s);
          out.unattributed += mapped.unattributed;
          lastEnd[i] = range.endMs;
        } catch (error) {
          out.errors.push({
            query: q.query,
            error:
              error instanceof PrometheusQueryError
                ? error
                : new PrometheusQueryError("response", String(error)),
          });
        }
      }),
    );
    if (!stopped) onPoll(out);
  };

  const loop = () => {
    handle = timer.set(() => {
      void poll().then(() => {
        if (!stopped) loop();
      });
    }, source.interval);
  };
  loop();
  return {
    stop() {
      stopped = true;
      timer.clear(handle);
    },
    pollNow: poll,
  };
}

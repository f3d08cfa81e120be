import type { Sample } from "@/lib/monitor/types";
import { problem } from "@/lib/server/http/problem";
import type { MonitorHost } from "./monitor-host";

export type PushLimits = { maxBodyBytes: number; maxNewSeriesPerBatch: number };

/** Records a validated batch, all or nothing. A batch that would create too many new series
 * (per batch, or past the store's cap) is refused whole with 429 and nothing recorded.
 * Samples at or before their series' latest time are skipped and counted, not refused, so
 * re-sending a batch after a timeout is harmless. */
export function ingestSamples(host: MonitorHost, samples: readonly Sample[]): Response {
  const limits: PushLimits = host.pushLimits;
  const newSeries = host.store.countNew(samples);
  if (newSeries > limits.maxNewSeriesPerBatch) {
    return problem(
      429,
      "too_many_series",
      `the batch would create ${newSeries} new series; at most ${limits.maxNewSeriesPerBatch} per batch`,
      {},
      { "Retry-After": "1" },
    );
  }
  const result = host.ingest(samples);
  if (!result.ok) {
    return problem(
      429,
      "too_many_series",
      `the batch would create ${result.newSeries} new series and only ${result.available} fit under the cap`,
      {},
      { "Retry-After": "60" },
    );
  }
  return Response.json({
    accepted: result.accepted,
    newSeries: result.newSeries,
    skipped: { duplicate: result.duplicate, outOfOrder: result.outOfOrder, invalid: result.invalid },
  });
}

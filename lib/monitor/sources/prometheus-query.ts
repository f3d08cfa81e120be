import { z } from "zod";
import { durationMsSchema } from "@/lib/monitor/config/duration";
import type { Sample } from "@/lib/monitor/types";

// The Prometheus HTTP API source, pure half: what to ask (the configured queries and how
// their series map to Homeostat's {service, metric}), the shape of the answer, and which time
// range to ask for next. The fetching lives in lib/server/monitor/sources/prometheus-source.

const httpUrl = z
  .string({ error: "expected a URL" })
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    error: "must be an http(s) URL",
  });

/** One query and its mapping. The service comes from the first of `serviceLabel` present on a
 * result series (default `service`, then `job`), or is fixed with `service`. Labels in
 * `appendLabels` are appended to the metric name (`latency{quantile="0.99"}`) so that a query
 * returning several series per service keeps them apart. */
export const prometheusQuerySchema = z
  .strictObject({
    query: z.string().min(1, { error: "must not be empty" }),
    metric: z.string().min(1, { error: "must not be empty" }),
    service: z.string().min(1).optional(),
    serviceLabel: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((l) => (typeof l === "string" ? [l] : l))
      .optional(),
    appendLabels: z.array(z.string().min(1)).default([]),
  })
  .refine((q) => q.service === undefined || q.serviceLabel === undefined, {
    error: "give either service (fixed) or serviceLabel, not both",
    path: ["service"],
  });

export type PrometheusQuery = z.infer<typeof prometheusQuerySchema>;

/** Credentials, given inline or by the name of an environment variable holding them. */
export const prometheusAuthSchema = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("bearer"),
      token: z.string().min(1).optional(),
      tokenEnv: z.string().min(1).optional(),
    })
    .refine((a) => (a.token === undefined) !== (a.tokenEnv === undefined), {
      error: "give exactly one of token and tokenEnv",
    }),
  z
    .strictObject({
      type: z.literal("basic"),
      username: z.string().min(1),
      password: z.string().optional(),
      passwordEnv: z.string().min(1).optional(),
    })
    .refine((a) => (a.password === undefined) !== (a.passwordEnv === undefined), {
      error: "give exactly one of password and passwordEnv",
    }),
]);

export type PrometheusAuth = z.infer<typeof prometheusAuthSchema>;

export const prometheusSourceSchema = z.strictObject({
  url: httpUrl,
  auth: prometheusAuthSchema.optional(),
  /** Resolution of query_range. */
  step: durationMsSchema.default(15_000),
  /** How often to query. */
  interval: durationMsSchema.default(30_000),
  /** Per request. */
  timeout: durationMsSchema.default(10_000),
  /** How far back the first query reaches (and the longest gap filled after an outage). */
  lookback: durationMsSchema.default(3_600_000),
  queries: z.array(prometheusQuerySchema).min(1, { error: "needs at least one query" }),
});

export type PrometheusSourceConfig = z.infer<typeof prometheusSourceSchema>;

/** A `query_range` answer: values are [unix seconds, "value as text"]. */
export const queryRangeResponseSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.object({
      resultType: z.string(),
      result: z.array(
        z.object({
          metric: z.record(z.string(), z.string()),
          values: z.array(z.tuple([z.number(), z.string()])).optional(),
        }),
      ),
    }),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string().optional() }),
]);

export type MatrixSeries = { metric: Record<string, string>; values: [number, string][] };

const defaultServiceLabels = ["service", "job"];

/** Samples (ms times) of a matrix result under the query's mapping; series that name no
 * service are counted in `unattributed`. */
export function matrixToSamples(
  result: readonly MatrixSeries[],
  mapping: PrometheusQuery,
): { samples: Sample[]; unattributed: number } {
  const samples: Sample[] = [];
  let unattributed = 0;
  const labels = mapping.serviceLabel ?? defaultServiceLabels;
  for (const series of result) {
    const service =
      mapping.service ?? labels.map((l) => series.metric[l]).find((v) => v !== undefined && v !== "");
    if (service === undefined) {
      unattributed++;
      continue;
    }
    const appended = mapping.appendLabels
      .filter((l) => series.metric[l] !== undefined)
      .map((l) => `${l}=${JSON.stringify(series.metric[l])}`)
      .join(",");
    const metric = appended === "" ? mapping.metric : `${mapping.metric}{${appended}}`;
    for (const [seconds, text] of series.values) {
      samples.push({ service, metric, t: Math.round(seconds * 1000), v: parsePrometheusNumber(text) });
    }
  }
  return { samples, unattributed };
}

/** Prometheus writes values as Go float text: "+Inf", "-Inf", "NaN" or a decimal. */
export function parsePrometheusNumber(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  return Number(text);
}

/** The next range to ask for, aligned to `stepMs` so successive queries hit the same
 * evaluation instants (no sample twice, none missed): from the step after `lastEndMs` (or
 * `lookbackMs` before now, whichever is later) to the last step at or before now. Null when no
 * new step has passed. */
export function nextQueryRange(
  lastEndMs: number | undefined,
  nowMs: number,
  stepMs: number,
  lookbackMs: number,
): { startMs: number; endMs: number } | null {
  const endMs = Math.floor(nowMs / stepMs) * stepMs;
  const earliest = Math.ceil((nowMs - lookbackMs) / stepMs) * stepMs;
  const startMs = lastEndMs === undefined ? earliest : Math.max(earliest, lastEndMs + stepMs);
  return startMs > endMs ? null : { startMs, endMs };
}

import { z } from "zod";
import { durationMsSchema } from "@/lib/monitor/config/duration";
import type { Sample, ServiceSignal } from "@/lib/monitor/types";

export const probeKinds = ["liveness", "readiness", "dependency"] as const;
export type ProbeKind = (typeof probeKinds)[number];

const httpUrl = z
  .string({ error: "expected a URL" })
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    error: "must be an http(s) URL",
  });

/** One HTTP health probe. Without `expectStatus` any 2xx passes. `expectJson.path` is a dotted
 * path into the JSON body (`status`, `checks.db.status`, `items.0.ok`); the value found must
 * equal `equals`. */
export const probeSpecSchema = z
  .strictObject({
    name: z.string().min(1),
    service: z.string().min(1),
    url: httpUrl,
    kind: z.enum(probeKinds).default("liveness"),
    method: z.enum(["GET", "HEAD"]).default("GET"),
    expectStatus: z
      .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
      .transform((s) => (typeof s === "number" ? [s] : s))
      .optional(),
    expectBody: z.string().min(1).optional(),
    expectJson: z
      .strictObject({
        path: z.string().min(1),
        equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
      })
      .optional(),
    timeoutMs: durationMsSchema.default(2_000),
    minIntervalMs: durationMsSchema.default(5_000),
    maxIntervalMs: durationMsSchema.default(300_000),
  })
  .refine((p) => p.minIntervalMs <= p.maxIntervalMs, {
    error: "minIntervalMs must not exceed maxIntervalMs",
    path: ["minIntervalMs"],
  })
  .refine((p) => p.timeoutMs <= p.minIntervalMs, {
    error: "timeoutMs must not exceed minIntervalMs",
    path: ["timeoutMs"],
  });

export type ProbeSpec = z.infer<typeof probeSpecSchema>;

/** What one probe run observed. `t` is when it started (ms since the epoch). */
export type ProbeResult = {
  probe: string;
  service: string;
  kind: ProbeKind;
  t: number;
  ok: boolean;
  durationMs: number;
  status: number | undefined;
  /** Why it failed: "timed out after 200 ms", "status 503 (expected 200)", … */
  failure: string | undefined;
};

/** `probe_success` (0/1) and `probe_duration_ms`, named after the blackbox exporter's, with the
 * probe name appended so that several probes of one service stay apart. */
export function probeSamples(r: ProbeResult): Sample[] {
  const suffix = `{probe=${JSON.stringify(r.probe)}}`;
  return [
    { service: r.service, metric: `probe_success${suffix}`, t: r.t, v: r.ok ? 1 : 0 },
    { service: r.service, metric: `probe_duration_ms${suffix}`, t: r.t, v: r.durationMs },
  ];
}

/** A signal when a probe changes state: on its first failure (a failing liveness check is
 * critical, the others warnings) and on the first success after failures (info). Repeated
 * failures give no new signal: `probe_success` carries the persistence. `previousOk` is the
 * last run's outcome, undefined before the first run. */
export function probeSignal(r: ProbeResult, previousOk: boolean | undefined): ServiceSignal | null {
  const labels = { probe: r.probe, kind: r.kind };
  if (!r.ok) {
    if (previousOk === false) return null;
    return {
      service: r.service,
      kind: "probe",
      t: r.t,
      severity: r.kind === "liveness" ? "critical" : "warning",
      summary: `${r.kind} probe ${r.probe} failed: ${r.failure ?? "unknown"}`,
      labels,
    };
  }
  if (previousOk === false) {
    return {
      service: r.service,
      kind: "probe",
      t: r.t,
      severity: "info",
      summary: `${r.kind} probe ${r.probe} recovered`,
      labels,
    };
  }
  return null;
}

/** The value at a dotted path (`checks.db.status`, `items.0.ok`), or undefined. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

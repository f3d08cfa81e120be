import { z } from "zod";
import { defaultAlertmanagerOptions } from "@/lib/monitor/sources/alertmanager";
import { probeSpecSchema } from "@/lib/monitor/sources/probe-spec";
import { prometheusSourceSchema } from "@/lib/monitor/sources/prometheus-query";

// The sources section of the YAML file named by HOMEOSTAT_CONFIG (see docs/config.example.yaml).
// Every key is optional; with no file at all the simulated fleet is the only source. Objects
// are strict so that a misspelt key is an error, not a silently ignored setting.

export const simulatedSourceSchema = z.strictObject({
  enabled: z.boolean().default(true),
  seed: z.number().int().default(1),
  /** A topology file (JSON or YAML), relative to the config file; the built-in shop if absent. */
  topology: z.string().min(1).optional(),
  /** Virtual seconds per real second. */
  speed: z.number().positive().max(3_600).default(1),
});

export const pushSourceSchema = z.strictObject({
  /** Larger bodies get 413. */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** A batch creating more series than this gets 429. */
  maxNewSeriesPerBatch: z.number().int().positive().default(1_000),
  /** Series held in memory (about 9.6 KB each in the SeriesStore: 10,000 ≈ 96 MB). */
  maxSeries: z.number().int().positive().default(10_000),
});

export const alertmanagerSourceSchema = z.strictObject({
  /** Alert labels naming the service, tried in order. */
  serviceLabel: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((l) => (typeof l === "string" ? [l] : l))
    .default([...defaultAlertmanagerOptions.serviceLabels]),
});

export const sourcesSchema = z.strictObject({
  simulated: simulatedSourceSchema.prefault({}),
  prometheus: prometheusSourceSchema.optional(),
  push: pushSourceSchema.prefault({}),
  alertmanager: alertmanagerSourceSchema.prefault({}),
  probes: z
    .array(probeSpecSchema)
    .default([])
    .superRefine((probes, ctx) => {
      const seen = new Set<string>();
      probes.forEach((p, i) => {
        if (seen.has(p.name))
          ctx.addIssue({ code: "custom", message: `duplicate probe name "${p.name}"`, path: [i, "name"] });
        seen.add(p.name);
      });
    }),
});

export const monitorConfigSchema = z.strictObject({ sources: sourcesSchema.prefault({}) });

export type MonitorConfig = z.infer<typeof monitorConfigSchema>;

/** What runs with no config file: the simulated fleet, push and webhook limits at defaults. */
export const defaultMonitorConfig: MonitorConfig = monitorConfigSchema.parse({});

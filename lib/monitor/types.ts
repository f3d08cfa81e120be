// Shapes shared by every metric source and consumer. Times are milliseconds since the Unix
// epoch everywhere inside the domain; adapters convert at the edge (Prometheus and the RCA
// input use seconds).

/** The per-service metrics the simulated fleet emits and the console knows by name. Other
 * sources may carry any metric name: nothing downstream may depend on this list. */
export const fleetMetrics = [
  "request_rate", // requests per second
  "latency_p50", // milliseconds
  "latency_p95", // milliseconds
  "latency_p99", // milliseconds
  "error_rate", // fraction of requests failing, 0..1
  "cpu", // fraction of allocated CPU, 0..1 (may exceed 1 when throttled demand is counted)
  "memory", // fraction of the memory limit, 0..1
  "saturation", // fraction of capacity in use, 0..1+
  "replicas_ready", // count
  "pool_use", // fraction of the connection pool in use, 0..1
  "queue_depth", // requests waiting
  "disk_use", // fraction of the volume or quota in use, 0..1
] as const;
export type FleetMetric = (typeof fleetMetrics)[number];

export type SeriesKey = { service: string; metric: string };

export type Sample = { service: string; metric: string; t: number; v: number };

/** A signal that is not a number series: an Alertmanager alert, a failed probe, a deploy. */
export type ServiceSignal = {
  service: string;
  kind: "alert" | "probe" | "deploy" | "action";
  t: number;
  severity: "info" | "warning" | "critical";
  summary: string;
  labels?: Record<string, string>;
};

// Numbers with units, the way an SRE reads them.

export function formatMetric(metric: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  if (metric.startsWith("latency")) return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
  if (metric === "error_rate") return `${(value * 100).toFixed(value < 0.01 ? 2 : 1)}%`;
  if (["cpu", "memory", "saturation", "pool_use", "disk_use"].includes(metric)) return `${(value * 100).toFixed(0)}%`;
  if (metric === "request_rate") return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} rps`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function formatAge(ms: number): string {
  if (ms < 1000) return "now";
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  return `${Math.round(ms / 3_600_000)} h ago`;
}

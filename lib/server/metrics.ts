import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// The app's own metrics, served at /metrics. One registry per process, kept on globalThis
// because Next.js bundles route handlers separately from the server that starts them.

type AppMetrics = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  signIns: Counter<"outcome">;
};

function create(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "homeostat_process_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "homeostat_http_requests_total",
      help: "API requests handled, by route pattern, method and status.",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "homeostat_http_request_duration_seconds",
      help: "API request handling time.",
      labelNames: ["route", "method"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    signIns: new Counter({
      name: "homeostat_sign_ins_total",
      help: "Sign-in attempts by outcome (success, bad-credentials, throttled).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
}

const key = Symbol.for("homeostat.metrics");

export function appMetrics(): AppMetrics {
  const holder = globalThis as { [key]?: AppMetrics };
  holder[key] ??= create();
  return holder[key];
}

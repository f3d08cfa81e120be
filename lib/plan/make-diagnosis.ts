import type { Diagnosis } from "./types";

/** A healthy-looking baseline diagnosis for tests, benchmarks and the backtest generator. */
export function makeDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  const service = overrides.service ?? "checkout";
  return {
    service,
    failureClass: "memory-leak",
    severity: "warning",
    confidence: 0.9,
    anomalyScore: 5,
    rootCause: { service, ranking: [{ service, score: 1 }] },
    blastRadius: { services: [service], trafficShare: 0.2 },
    labels: {},
    metrics: { cpu: 0.5, memory: 0.9, saturation: 0.5, replicas: 4 },
    version: { current: "v2", previous: "v1" },
    detectedAt: 0,
    ...overrides,
  };
}

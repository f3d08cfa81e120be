import { canaryInputFromSamples, judgeCanary, type PopulationPoint } from "@/lib/analyze/canary";
import type { CanaryVerdict } from "@/lib/analyze/canary";

/** The canary window: the last five minutes of per-version samples. */
export const canaryWindowMs = 5 * 60_000;
/** Fewest samples per population before judging (Mann-Whitney has no power below this). */
const minPoints = 10;

const judgeConfig = {
  metrics: [
    { name: "error_rate", direction: "increase" as const, critical: true },
    { name: "latency_p99", direction: "increase" as const },
    { name: "memory", direction: "increase" as const },
  ],
};

/** The canary judge's verdict for each service with a canary and a baseline population. */
export function judgeCanaries(samples: readonly PopulationPoint[], now: number): { service: string; verdict: CanaryVerdict; score: number }[] {
  const services = [...new Set(samples.filter((s) => s.population === "canary").map((s) => s.service))].sort();
  return services.flatMap((service) => {
    const input = canaryInputFromSamples(samples, service, { from: now - canaryWindowMs, to: now + 1 });
    const enough = input.metrics.some((m) => m.experiment.length >= minPoints && m.control.length >= minPoints);
    if (!enough) return [];
    const judgement = judgeCanary(judgeConfig, input);
    return [{ service, verdict: judgement.verdict, score: judgement.score }];
  });
}

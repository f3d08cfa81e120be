import { z } from "zod";

/** A root cause being remediated now, with the services upstream of it that show symptoms. */
export const activeRemediationSchema = z.object({
  rootService: z.string(),
  upstream: z.array(z.string()),
});
export type ActiveRemediation = z.infer<typeof activeRemediationSchema>;

/**
 * The root service whose ongoing remediation covers `service` as an upstream symptom, if any.
 * Remediating a symptom while its cause is being fixed doubles the actions and muddies the
 * verification of both; the symptom gets its own plan only if it outlives the fix.
 */
export function suppressedBy(service: string, active: readonly ActiveRemediation[]): string | undefined {
  return active.find((a) => a.rootService !== service && a.upstream.includes(service))?.rootService;
}

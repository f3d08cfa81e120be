import { isWildcardTarget, matchGlob } from "@/lib/plan/glob";

// The kill switch and per-service pauses, as the automation-pause rows store them
// (lib/server/automation): service "*" is the global pause, any other value one service.

export type AutomationPause = { service: string; reason: string; pausedBy: string };

export const globalPause = "*";

/** Why execution against these target services is paused, or null. The global pause wins; a
 * wildcard target is blocked by any paused service it matches. */
export function pauseReason(pauses: readonly AutomationPause[], targets: readonly string[]): string | null {
  const global = pauses.find((p) => p.service === globalPause);
  if (global !== undefined) return `automation is paused by ${global.pausedBy}: ${global.reason}`;
  for (const p of pauses)
    if (targets.some((t) => matchGlob(p.service, t) || (isWildcardTarget(t) && matchGlob(t, p.service))))
      return `automation for ${p.service} is paused by ${p.pausedBy}: ${p.reason}`;
  return null;
}

// One severity scale for scores in [0, 1] everywhere: neutral → amber → red. The number is
// always shown next to the colour, so colour is never the only carrier.
export function severityColor(score: number | null): string {
  if (score === null) return "var(--panel-2)";
  if (score >= 0.75) return "var(--sev-2)";
  if (score >= 0.4) return "var(--sev-1)";
  return "var(--sev-0)";
}

/** A rough human duration for a forecast: "< 1 min", "~38 min", "~2.5 h", "~3 d". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "never";
  const minutes = ms / 60_000;
  if (minutes < 1) return "< 1 min";
  if (minutes < 90) return `~${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `~${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
  const days = hours / 24;
  return `~${days < 10 ? days.toFixed(1) : Math.round(days)} d`;
}

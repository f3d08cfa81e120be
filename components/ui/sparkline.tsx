/** A small inline chart of recent points. SVG rather than a chart library: dozens render at
 * once and they must stay cheap. "No data" is its own, hatched state. With `domain` [from, to]
 * (ms) the time axis spans it, so data that starts late starts late on the chart, after a
 * hatched stretch. */
export function Sparkline({ points, width = 120, height = 28, label, domain }: { points: [number, number][]; width?: number; height?: number; label: string; domain?: [number, number] }) {
  if (points.length < 2) {
    return (
      <svg width={width} height={height} role="img" aria-label={`${label}: no data`} className="sparkline no-data">
        <rect width={width} height={height} fill="url(#hatch)" />
      </svg>
    );
  }
  const t0 = domain?.[0] ?? points[0]![0];
  const t1 = domain?.[1] ?? points[points.length - 1]![0];
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, v] of points) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * (width - 2) + 1;
  const d = points.map(([t, v], i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${(height - 1 - ((v - lo) / span) * (height - 2)).toFixed(1)}`).join("");
  const gap = x(points[0]![0]) - 1;
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      {gap >= 2 && <rect width={gap} height={height} fill="url(#hatch)" />}
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.25} />
    </svg>
  );
}

/** Pattern used by the "no data" state; render once per page. */
export function SparklineDefs() {
  return (
    <svg width={0} height={0} aria-hidden="true" style={{ position: "absolute" }}>
      <defs>
        <pattern id="hatch" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1={0} y1={0} x2={0} y2={6} stroke="var(--border)" strokeWidth={2} />
        </pattern>
      </defs>
    </svg>
  );
}

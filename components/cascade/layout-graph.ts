// Callers above callees: each service's level is the longest call chain that reaches it from
// a service nobody calls; services in a level are spread evenly. Cycles in the call graph
// (which should not exist) are cut by ignoring edges that would revisit a service.

export type Placed = { name: string; x: number; y: number };

export function layoutGraph(names: readonly string[], edges: readonly (readonly [string, string])[], width: number, rowHeight: number): Placed[] {
  const callees = new Map(names.map((n) => [n, [] as string[]]));
  const called = new Set<string>();
  for (const [from, to] of edges) {
    callees.get(from)?.push(to);
    called.add(to);
  }
  const level = new Map<string, number>();
  const visit = (name: string, depth: number, path: Set<string>) => {
    if (path.has(name) || (level.get(name) ?? -1) >= depth) return;
    level.set(name, depth);
    path.add(name);
    for (const next of callees.get(name) ?? []) visit(next, depth + 1, path);
    path.delete(name);
  };
  for (const root of names.filter((n) => !called.has(n))) visit(root, 0, new Set());
  for (const n of names) if (!level.has(n)) level.set(n, 0);
  const rows = new Map<number, string[]>();
  for (const n of names) rows.set(level.get(n)!, [...(rows.get(level.get(n)!) ?? []), n]);
  return names.map((name) => {
    const row = rows.get(level.get(name)!)!;
    const i = row.indexOf(name);
    return { name, x: ((i + 1) * width) / (row.length + 1), y: level.get(name)! * rowHeight + rowHeight / 2 };
  });
}

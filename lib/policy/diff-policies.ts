// A line diff of two policy texts for the editor and the version history: Myers' O((N+M)·D)
// shortest edit script ("An O(ND) Difference Algorithm and Its Variations", 1986), grouped
// into unified-diff hunks with `context` lines around each change.

export type DiffLine = {
  op: "context" | "add" | "remove";
  text: string;
  /** 1-based line in the old text (context and remove). */
  oldLine?: number;
  /** 1-based line in the new text (context and add). */
  newLine?: number;
};

export type DiffHunk = {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** "@@ -oldStart,oldLines +newStart,newLines @@" */
  header: string;
  lines: DiffLine[];
};

export type PolicyDiff = { hunks: DiffHunk[]; added: number; removed: number; unified: string };

/** Past this many edits the diff is reported as a whole replacement (bounds time and memory). */
const maxEdits = 4000;

const splitLines = (text: string): string[] => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

/** The edit script as one line per old/new line, in order. */
function editScript(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(n + m, maxEdits) && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found)
    return [
      ...a.map((text, i): DiffLine => ({ op: "remove", text, oldLine: i + 1 })),
      ...b.map((text, j): DiffLine => ({ op: "add", text, newLine: j + 1 })),
    ];

  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: "context", text: a[x - 1]!, oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) out.push({ op: "add", text: b[y - 1]!, newLine: y });
    else out.push({ op: "remove", text: a[x - 1]!, oldLine: x });
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/** Unified-style hunks turning policy text `a` into `b`. */
export function diffPolicies(a: string, b: string, context = 3): PolicyDiff {
  const script = editScript(splitLines(a), splitLines(b));
  const changed = script.flatMap((l, i) => (l.op === "context" ? [] : [i]));
  const hunks: DiffHunk[] = [];
  let i = 0;
  while (i < changed.length) {
    const from = Math.max(0, changed[i]! - context);
    let last = changed[i]!;
    while (i + 1 < changed.length && changed[i + 1]! - last <= 2 * context) last = changed[++i]!;
    i++;
    const lines = script.slice(from, Math.min(script.length, last + context + 1));
    hunks.push(toHunk(lines, script, from));
  }
  const added = script.filter((l) => l.op === "add").length;
  const removed = script.filter((l) => l.op === "remove").length;
  const unified = hunks
    .map((h) =>
      [
        h.header,
        ...h.lines.map((l) => `${l.op === "add" ? "+" : l.op === "remove" ? "-" : " "}${l.text}`),
      ].join("\n"),
    )
    .join("\n");
  return { hunks, added, removed, unified };
}

function toHunk(lines: DiffLine[], script: readonly DiffLine[], from: number): DiffHunk {
  const oldLines = lines.filter((l) => l.op !== "add").length;
  const newLines = lines.filter((l) => l.op !== "remove").length;
  // Line numbers where the hunk starts; an empty side starts after the preceding line (as diff -u).
  const before = script.slice(0, from);
  const oldBefore = before.filter((l) => l.op !== "add").length;
  const newBefore = before.filter((l) => l.op !== "remove").length;
  const oldStart = oldLines === 0 ? oldBefore : oldBefore + 1;
  const newStart = newLines === 0 ? newBefore : newBefore + 1;
  return {
    oldStart,
    oldLines,
    newStart,
    newLines,
    header: `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`,
    lines,
  };
}

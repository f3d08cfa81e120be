import { parseNabTimestamp } from "./nab-schemas";

export type NabColumns = { timestamps: number[]; columns: Record<string, number[]> };

/**
 * Parses a NAB data or results CSV (a header line, then `timestamp,<numbers...>`) into columns.
 * Values are read exactly as written (upstream stored scores rounded to 12 significant digits,
 * and winning thresholds sit on those values). Throws on a bad timestamp or a ragged row.
 */
export function parseNabCsv(text: string): NabColumns {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim());
  if (header[0] !== "timestamp")
    throw new Error(`parseNabCsv: header must start with timestamp, got ${header[0]}`);
  const names = header.slice(1);
  const columns: Record<string, number[]> = {};
  const cols = names.map((name) => (columns[name] = []));
  const timestamps: number[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l] as string;
    if (line.trim() === "") continue;
    const cells = line.split(",");
    if (cells.length < header.length) throw new Error(`parseNabCsv: line ${l + 1} has ${cells.length} cells`);
    const t = parseNabTimestamp(cells[0] as string);
    if (Number.isNaN(t)) throw new Error(`parseNabCsv: line ${l + 1}: bad timestamp ${cells[0]}`);
    timestamps.push(t);
    for (let c = 0; c < cols.length; c++) (cols[c] as number[]).push(Number(cells[c + 1]));
  }
  return { timestamps, columns };
}

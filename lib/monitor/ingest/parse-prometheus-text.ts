import { ExpositionLineScanner } from "./scan-exposition-line";

export const metricTypes = ["counter", "gauge", "histogram", "summary", "untyped"] as const;
export type MetricType = (typeof metricTypes)[number];

/** One sample line. Histograms and summaries arrive as their `_bucket`/`_sum`/`_count` (and
 * `{quantile=…}`) lines, each a sample of its own. `line` is 1-based. */
export type ExpositionSample = {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs: number | undefined;
  line: number;
};

export type ExpositionError = { line: number; reason: string };

export type ParsedExposition = {
  samples: ExpositionSample[];
  types: Map<string, MetricType>;
  help: Map<string, string>;
  /** At most `maxErrors`, in line order; the samples of malformed lines are left out. */
  errors: ExpositionError[];
};

export type ExpositionVisitor = {
  /** Called for each well-formed sample line; read the scanner's fields before returning. */
  sample: (scanner: ExpositionLineScanner, line: number) => void;
};

/** `line 12: expected '=' after label name` */
export function formatExpositionError(e: ExpositionError): string {
  return `line ${e.line}: ${e.reason}`;
}

/** Parses a whole exposition (text format 0.0.4) into samples with their labels. */
export function parsePrometheusText(text: string, options: { maxErrors?: number } = {}): ParsedExposition {
  const samples: ExpositionSample[] = [];
  const result = scanExposition(
    text,
    {
      sample(s, line) {
        const labels: Record<string, string> = {};
        for (let k = 0; k < s.labelCount; k++) labels[s.labelNames[k]!] = s.labelValues[k]!;
        samples.push({ name: s.name, labels, value: s.value, timestampMs: s.timestampMs, line });
      },
    },
    options.maxErrors ?? 10,
  );
  return { samples, ...result };
}

/** Walks the lines of an exposition: comments and `# HELP`/`# TYPE` are handled here, sample
 * lines go to the visitor. Scanning stops after `maxErrors` malformed lines. Trailing `\r` is
 * tolerated (files saved on Windows). */
export function scanExposition(
  text: string,
  visitor: ExpositionVisitor,
  maxErrors: number,
): Omit<ParsedExposition, "samples"> {
  const scanner = new ExpositionLineScanner();
  const types = new Map<string, MetricType>();
  const help = new Map<string, string>();
  const errors: ExpositionError[] = [];
  let line = 0;
  let start = 0;
  const length = text.length;
  while (start < length && errors.length < maxErrors) {
    line++;
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    let first = start;
    while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    if (first === end) {
      start = next;
      continue;
    }
    if (text.charCodeAt(first) === 35) {
      const reason = readComment(text.slice(first + 1, end), types, help);
      if (reason !== null) errors.push({ line, reason });
    } else {
      const reason = scanner.scan(text, first, end);
      if (reason === null) visitor.sample(scanner, line);
      else errors.push({ line, reason });
    }
    start = next;
  }
  return { types, help, errors };
}

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** `# HELP name text` and `# TYPE name type` are checked; any other comment is ignored. */
function readComment(body: string, types: Map<string, MetricType>, help: Map<string, string>): string | null {
  const words = body.trimStart().split(/[ \t]+/);
  const keyword = words[0];
  if (keyword !== "HELP" && keyword !== "TYPE") return null;
  const name = words[1] ?? "";
  if (!metricNamePattern.test(name)) return `expected a metric name after # ${keyword}`;
  if (keyword === "TYPE") {
    const type = words[2] ?? "";
    if (!(metricTypes as readonly string[]).includes(type))
      return `unknown metric type "${type}" (expected ${metricTypes.join(", ")})`;
    if (words.length > 3 && words[3] !== "") return `unexpected text after the type of "${name}"`;
    if (types.has(name)) return `second TYPE line for metric "${name}"`;
    types.set(name, type as MetricType);
    return null;
  }
  if (help.has(name)) return `second HELP line for metric "${name}"`;
  const text = body
    .trimStart()
    .slice(4)
    .trimStart()
    .slice(name.length)
    .replace(/^[ \t]/, "");
  help.set(
    name,
    text.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\")),
  );
  return null;
}

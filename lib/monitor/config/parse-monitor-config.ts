import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { monitorConfigSchema, type MonitorConfig } from "./monitor-config";

export type ConfigError = { line: number | undefined; path: string; message: string };

/** `line 7, sources.prometheus.url: must be an http(s) URL` */
export function formatConfigError(e: ConfigError): string {
  return `${e.line === undefined ? "" : `line ${e.line}, `}${e.path}: ${e.message}`;
}

/** Parses and validates the YAML text of a monitor config. Every error names its line (when
 * the YAML has one for it) and the field path; YAML syntax errors come alone, since the
 * fields of a broken document cannot be trusted. An empty file is the default config. */
export function parseMonitorConfig(
  text: string,
): { ok: true; config: MonitorConfig } | { ok: false; errors: ConfigError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0].line,
        path: "(yaml)",
        message: e.message.split("\n")[0] ?? e.message,
      })),
    };
  }
  const parsed = monitorConfigSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: ConfigError[] = [];
  for (const issue of parsed.error.issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    for (const key of keys) {
      const path = key === undefined ? issue.path : [...issue.path, key];
      const offset = locate(doc, path);
      errors.push({
        line: offset === undefined ? undefined : lineCounter.linePos(offset).line,
        path: formatConfigPath(path),
        message: key === undefined ? issue.message : "unknown key",
      });
    }
  }
  return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** `sources.probes[0].url`; the document itself is `(top level)`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path)
    out += typeof key === "number" ? `[${key}]` : `${out === "" ? "" : "."}${String(key)}`;
  return out === "" ? "(top level)" : out;
}

/** Source offset of the deepest node along `path` that exists: the key of a map entry (so a
 * nested value's error points at the line naming it), an item of a sequence, or the nearest
 * existing parent when a required key is missing. */
function locate(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = isScalar(node) || isMap(node) || isSeq(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (!(isScalar(item) || isMap(item) || isSeq(item))) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

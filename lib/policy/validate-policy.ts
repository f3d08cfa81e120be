import { isMap, isNode, isScalar, LineCounter, visit, parseDocument, type Document } from "yaml";
import { policySchema, type Policy } from "./policy-schema";

export type PolicyError = {
  /** Where in the document, e.g. ["rules", 0, "autoApprove", "maxActions"]; [] for syntax. */
  path: (string | number)[];
  /** 1-based position of the offending node, or of its closest existing parent. */
  line: number;
  column: number;
  message: string;
};

export type PolicyValidation = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** Largest policy accepted: a real one is a few kilobytes; this bounds parse time and memory. */
export const maxPolicyBytes = 256 * 1024;

/**
 * Parses and validates a policy document. Every error carries its path and the line and
 * column of the YAML node it concerns; a missing field points at the mapping that lacks it.
 */
export function validatePolicy(yamlText: string): PolicyValidation {
  if (yamlText.length > maxPolicyBytes)
    return {
      ok: false,
      errors: [{ path: [], line: 1, column: 1, message: `policy is larger than ${maxPolicyBytes} bytes` }],
    };
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: [], line: pos.line, column: pos.col, message: e.message.split("\n")[0] ?? e.message };
      }),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Aliases fail only here: one that names no anchor, or too many expansions (a YAML bomb).
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    const { line, col } = lineCounter.linePos(offset);
    const message = e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : "invalid alias";
    return { ok: false, errors: [{ path: [], line, column: col, message }] };
  }
  const parsed = policySchema.safeParse(data);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.flatMap((issue): PolicyError[] => {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      // An unknown key is reported at the key itself, so a typo points at its own line.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((key) => {
          const keyPath = [...path, key];
          const { line, col } = lineCounter.linePos(keyNode(doc, keyPath) ?? offsetOf(doc, keyPath));
          return { path: keyPath, line, column: col, message: `unknown key ${key}` };
        });
      const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
      return [
        at(doc, lineCounter, path, missing ? `${String(path.at(-1) ?? "value")} is required` : issue.message),
      ];
    }),
  };
}

function at(doc: Document, lines: LineCounter, path: (string | number)[], message: string): PolicyError {
  const { line, col } = lines.linePos(offsetOf(doc, path));
  return { path, line, column: col, message };
}

/** Start offset of the deepest node along the path that exists in the document. */
function offsetOf(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
    const key = depth > 0 ? keyNode(doc, path.slice(0, depth)) : undefined;
    if (key !== undefined) return key;
  }
  return 0;
}

/** Offset of a mapping key (unknown keys, and keys whose value is empty). */
function keyNode(doc: Document, path: (string | number)[]): number | undefined {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1));
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

import { isMap, isScalar, parseDocument } from "yaml";
import { diffPolicies, type PolicyDiff } from "./diff-policies";
import type { Policy } from "./policy-schema";
import { validatePolicy, type PolicyError } from "./validate-policy";

export type StoredPolicyVersion = { version: number; yaml: string };

export type NewPolicyVersion =
  | { ok: true; version: number; yaml: string; policy: Policy; diff: PolicyDiff }
  | { ok: false; errors: PolicyError[] };

/**
 * The text with its top-level `version:` set to `version`. Only the value's characters change
 * (re-serialising the document would reflow the author's layout); a document without the
 * field gets it as its first line. Text that is not a YAML mapping is returned unchanged
 * (validation then reports it).
 */
export function withVersion(yamlText: string, version: number): string {
  const doc = parseDocument(yamlText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return yamlText;
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "version");
  const range = isScalar(pair?.value) ? pair.value.range : undefined;
  if (pair === undefined) return `version: ${version}\n${yamlText}`;
  if (range === undefined || range === null) return yamlText;
  return `${yamlText.slice(0, range[0])}${version}${yamlText.slice(range[1])}`;
}

/**
 * A saved edit is always a new version, numbered after the latest whatever the draft says;
 * restoring version N is saving N's text again. Validation runs on the text that would be
 * stored; an invalid draft yields its errors and nothing to store.
 */
export function prepareNewVersion(latest: StoredPolicyVersion | null, draftYaml: string): NewPolicyVersion {
  const version = (latest?.version ?? 0) + 1;
  const yaml = withVersion(draftYaml, version);
  const validation = validatePolicy(yaml);
  if (!validation.ok) return validation;
  return { ok: true, version, yaml, policy: validation.policy, diff: diffPolicies(latest?.yaml ?? "", yaml) };
}

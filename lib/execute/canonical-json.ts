// JSON with object keys sorted at every level and `undefined` fields dropped, so two values
// that mean the same thing serialise to the same bytes whatever their key order (PostgreSQL's
// jsonb does not keep key order). Plan hashes and the audit chain both use it. A non-finite
// number throws instead of becoming `null`, so a NaN can never hash like a null.
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value))
    throw new Error(`cannot serialise ${value} canonically`);
  if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol")
    throw new Error(`cannot serialise a ${typeof value} canonically`);
  return JSON.stringify(value ?? null);
}

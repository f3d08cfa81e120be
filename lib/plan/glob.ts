/**
 * Shell-style service patterns: `*` matches any run of characters, `?` one character, and
 * everything else itself. Patterns in policies are short, so they are compiled on each call.
 */
export function matchGlob(pattern: string, value: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(value);
}

export const matchAnyGlob = (patterns: readonly string[], value: string): boolean =>
  patterns.some((p) => matchGlob(p, value));

/** A target naming no single service: the literal wildcard or any pattern. */
export const isWildcardTarget = (service: string): boolean => /[*?]/.test(service);

// Shell-style service patterns: `*` matches any run of characters, `?` one character, and
// everything else itself. Compiled patterns are memoised: a backtest matches the same few
// patterns hundreds of thousands of times.
const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${source}$`);
    compiled.set(pattern, re);
  }
  return re;
}

export const matchGlob = (pattern: string, value: string): boolean =>
  pattern === "*" || compile(pattern).test(value);

export const matchAnyGlob = (patterns: readonly string[], value: string): boolean =>
  patterns.some((p) => matchGlob(p, value));

/** A target naming no single service: the literal wildcard or any pattern. */
export const isWildcardTarget = (service: string): boolean => /[*?]/.test(service);

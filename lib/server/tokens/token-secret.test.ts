import { describe, expect, it } from "vitest";
import { newTokenSecret, parseToken, secretMatches } from "./token-secret";

describe("token secrets", () => {
  it("round-trips a new token and matches only its own secret", () => {
    const { token, prefix, secretHash } = newTokenSecret();
    const parsed = parseToken(token);
    expect(parsed?.prefix).toBe(prefix);
    expect(secretMatches(parsed!.secret, secretHash)).toBe(true);
    const other = parseToken(newTokenSecret().token)!;
    expect(secretMatches(other.secret, secretHash)).toBe(false);
  });

  it("rejects malformed tokens", () => {
    expect(parseToken("hst_abc_def")).toBeNull();
    expect(parseToken("Bearer hst_0123456789ab_" + "a".repeat(43))).toBeNull();
    expect(parseToken("hst_0123456789ab_" + "a".repeat(43))).not.toBeNull();
  });
});

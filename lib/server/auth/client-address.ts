import { env } from "@/lib/server/env";

/** Header the Homeostat server sets from the TCP peer address; any value a client sends is
 * removed before the request reaches a handler (scripts/serve.ts). */
export const peerAddressHeader = "x-homeostat-peer";

/** The address a request came from, for rate limiting. Behind a reverse proxy
 * (HOMEOSTAT_TRUST_PROXY=true) it is the first X-Forwarded-For entry. */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (env().HOMEOSTAT_TRUST_PROXY) {
    const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return get(peerAddressHeader) ?? "unknown";
}

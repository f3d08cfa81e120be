import { env } from "@/lib/server/env";

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isMutating(method: string): boolean {
  return unsafeMethods.has(method.toUpperCase());
}

function ownOrigins(req: Request): Set<string> {
  const origins = new Set<string>([new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) {
    origins.add(`http://${host}`);
    origins.add(`https://${host}`);
  }
  const configured = env().NEXTAUTH_URL;
  if (configured) origins.add(new URL(configured).origin);
  return origins;
}

/** A cookie-authenticated mutating request must come from our own pages: browsers send
 * Sec-Fetch-Site and Origin on such requests, so a missing Origin is refused too. Returns
 * why the request is refused, or null when it may proceed. */
export function crossSiteRefusal(req: Request): string | null {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.get("origin");
  if (!origin) return "request without an Origin header refused";
  if (!ownOrigins(req).has(origin)) return `cross-site request refused (Origin: ${origin})`;
  return null;
}

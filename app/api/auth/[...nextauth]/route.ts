import NextAuth from "next-auth";
import { authOptions, throttleLimits } from "@/lib/server/auth/auth-options";
import { clientAddress } from "@/lib/server/auth/client-address";
import { retryAfterSeconds } from "@/lib/server/auth/login-throttle";
import { prisma } from "@/lib/server/db/client";
import { problem } from "@/lib/server/http/problem";
import { publicRoute } from "@/lib/server/http/with-permission";
import { appMetrics } from "@/lib/server/metrics";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function nextAuth(req: Request, ctx: Ctx): Promise<Response> {
  return (NextAuth(authOptions()) as (req: Request, ctx: Ctx) => Promise<Response>)(req, ctx);
}

/** next-auth answers a refused sign-in with a redirect; a throttled one must be a 429 with
 * Retry-After, so the limit is checked here before next-auth sees the request. */
async function throttled(req: Request): Promise<Response | null> {
  if (!new URL(req.url).pathname.endsWith("/callback/credentials")) return null;
  const form = await req.clone().formData().catch(() => null);
  const name = typeof form?.get("name") === "string" ? (form.get("name") as string).trim() : "";
  const wait = await retryAfterSeconds(await prisma(), { account: name, address: clientAddress(req.headers) }, throttleLimits(), new Date());
  if (wait === 0) return null;
  appMetrics().signIns.inc({ outcome: "throttled" });
  // next-auth's browser client reads `url` from any answer to a sign-in.
  const url = new URL("/login?error=TooManyAttempts", req.url).toString();
  return problem(429, "too_many_attempts", `too many failed sign-ins; try again in ${wait} s`, { retryAfter: wait, url }, { "Retry-After": String(wait) });
}

export const GET = publicRoute("/api/auth/[...nextauth]", (req, ctx) => nextAuth(req, ctx as Ctx));

export const POST = publicRoute("/api/auth/[...nextauth]", async (req, ctx) => (await throttled(req)) ?? nextAuth(req, ctx as Ctx));

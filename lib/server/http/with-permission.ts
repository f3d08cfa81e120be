import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { can, scopesCan, type Permission } from "@/lib/auth/permissions";
import { resolveCaller, hasSessionCookie, type Caller } from "@/lib/server/auth/caller";
import { prisma as openPrisma } from "@/lib/server/db/client";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from "@/lib/server/errors";
import { log } from "@/lib/server/log";
import { appMetrics } from "@/lib/server/metrics";
import { problem, unprocessable, zodIssues } from "./problem";
import { crossSiteRefusal, isMutating } from "./same-origin";

export type HandlerContext<Body, Params> = {
  req: Request;
  caller: Caller;
  body: Body;
  params: Params;
  prisma: PrismaClient;
  now: Date;
};

type Options<BodySchema extends z.ZodType | undefined, ParamsSchema extends z.ZodType | undefined> = {
  /** Label for metrics and the route table, e.g. "/api/users/[name]". */
  route: string;
  body?: BodySchema;
  params?: ParamsSchema;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
};

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type RouteHandler = ((req: Request, ctx: RouteContext) => Promise<Response>) & { permission: Permission };

/** Wraps a route handler with everything every handler must do, in this order: resolve the
 * caller (401), check the permission (403), refuse cross-site cookie requests (403), check
 * content type (415) and size (413), parse the body and params (400/422), then map domain
 * errors to 404/409/422 and anything unexpected to a 500 with a logged error id. */
export function withPermission<B extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  permission: Permission,
  options: Options<B, P>,
  handler: (ctx: HandlerContext<Infer<B>, Infer<P>>) => Promise<unknown>,
): RouteHandler {
  const wrapped = async (req: Request, ctx: RouteContext): Promise<Response> => {
    const started = performance.now();
    const response = await handle(req, ctx);
    const metrics = appMetrics();
    metrics.httpRequests.inc({ route: options.route, method: req.method, status: String(response.status) });
    metrics.httpDuration.observe({ route: options.route, method: req.method }, (performance.now() - started) / 1000);
    return response;
  };

  async function handle(req: Request, ctx: RouteContext): Promise<Response> {
    try {
      const prisma = await openPrisma();
      const now = new Date();
      const caller = await resolveCaller(prisma, req, now);
      if (!caller) {
        return problem(401, "unauthenticated", "sign in or send a valid bearer token", {}, { "WWW-Authenticate": "Bearer" });
      }
      const allowed = caller.kind === "user" ? can(caller.role, permission) : scopesCan(caller.scopes, permission);
      if (!allowed) return problem(403, "forbidden", `this needs the "${permission}" permission`);
      if (isMutating(req.method) && caller.kind === "user" && hasSessionCookie(req)) {
        const refusal = crossSiteRefusal(req);
        if (refusal) return problem(403, "cross_site", refusal);
      }
      const params = options.params ? options.params.safeParse(await ctx.params) : undefined;
      if (params && !params.success) return unprocessable(zodIssues(params.error, "params"));
      let body: unknown = undefined;
      if (options.body) {
        const read = await readJsonBody(req, options.maxBodyBytes ?? 1 << 20);
        if (read instanceof Response) return read;
        const parsed = options.body.safeParse(read.value);
        if (!parsed.success) return unprocessable(zodIssues(parsed.error));
        body = parsed.data;
      }
      const result = await handler({ req, caller, body: body as Infer<B>, params: params?.data as Infer<P>, prisma, now });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error, options.route);
    }
  }

  return Object.assign(wrapped, { permission });
}

type JsonBody = { value: unknown };

export async function readJsonBody(req: Request, maxBytes: number): Promise<JsonBody | Response> {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return problem(415, "unsupported_media_type", "send the body as application/json");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return problem(413, "too_large", `the body is over ${maxBytes} bytes`);
  const text = await readLimited(req, maxBytes);
  if (text === null) return problem(413, "too_large", `the body is over ${maxBytes} bytes`);
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return problem(400, "malformed_json", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads at most maxBytes; a body that is longer (whatever Content-Length said) gives null. */
export async function readLimited(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof NotFoundError) return problem(404, "not_found", error.message);
  if (error instanceof ForbiddenError) return problem(403, "forbidden", error.message);
  if (error instanceof ConflictError) return problem(409, "conflict", error.message);
  if (error instanceof UnprocessableError) return unprocessable(error.issues);
  const errorId = randomUUID();
  log.error("unhandled error in route handler", { route, errorId, error });
  return problem(500, "internal", `something went wrong; quote error id ${errorId} when reporting it`, { errorId });
}

export type PublicRouteHandler = ((req: Request, ctx: RouteContext) => Promise<Response>) & { permission: "public" };

/** For the few routes anyone may call (health probes, sign-in): metrics and error mapping only. */
export function publicRoute(route: string, handler: (req: Request, ctx: RouteContext) => Promise<Response>): PublicRouteHandler {
  const wrapped = async (req: Request, ctx: RouteContext): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(req, ctx);
    } catch (error) {
      response = errorResponse(error, route);
    }
    appMetrics().httpRequests.inc({ route, method: req.method, status: String(response.status) });
    appMetrics().httpDuration.observe({ route, method: req.method }, (performance.now() - started) / 1000);
    return response;
  };
  return Object.assign(wrapped, { permission: "public" as const });
}

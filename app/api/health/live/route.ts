import { publicRoute } from "@/lib/server/http/with-permission";

export const dynamic = "force-dynamic";

/** The process is up and serving requests. */
export const GET = publicRoute("/api/health/live", () => Promise.resolve(Response.json({ status: "ok" })));

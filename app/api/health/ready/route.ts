import { readiness } from "@/lib/server/db/readiness";
import { publicRoute } from "@/lib/server/http/with-permission";

export const dynamic = "force-dynamic";

/** Ready when the database answers and every migration in prisma/migrations is applied. */
export const GET = publicRoute("/api/health/ready", async () => {
  const result = await readiness();
  return Response.json(result, { status: result.status === "ok" ? 200 : 503 });
});

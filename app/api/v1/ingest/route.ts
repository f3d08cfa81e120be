import { validateJsonBatch } from "@/lib/monitor/ingest/validate-json-batch";
import { unprocessable } from "@/lib/server/http/problem";
import { readJsonBody, withPermission } from "@/lib/server/http/with-permission";
import { ingestSamples } from "@/lib/server/monitor/ingest-samples";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

/** Push ingest, JSON: `{ "samples": [{service, metric, t, v}] }` and/or the columnar
 * `{ "series": [{service, metric, points: [[t, v], …]}] }`; t in ms since the epoch or
 * RFC 3339. Any malformed element refuses the whole batch (422 naming it). */
export const POST = withPermission("metrics.ingest", { route: "/api/v1/ingest" }, async ({ req }) => {
  const body = await readJsonBody(req, monitorHost().pushLimits.maxBodyBytes);
  if (body instanceof Response) return body;
  const batch = validateJsonBatch(body.value);
  if (!batch.ok) return unprocessable(batch.issues);
  return ingestSamples(monitorHost(), batch.samples);
});

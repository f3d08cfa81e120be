import { z } from "zod";
import { defaultExpositionMapping, expositionToSamples } from "@/lib/monitor/ingest/exposition-to-samples";
import { formatExpositionError } from "@/lib/monitor/ingest/parse-prometheus-text";
import { problem } from "@/lib/server/http/problem";
import { readLimited, withPermission } from "@/lib/server/http/with-permission";
import { ingestSamples } from "@/lib/server/monitor/ingest-samples";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

const query = z.object({ service: z.string().min(1).max(200).optional() });

/** Push ingest in the Prometheus text exposition format. The service comes from each line's
 * `service` (else `job`) label, or from `?service=` for lines with neither. A malformed line
 * refuses the whole body (400 naming the lines). */
export const POST = withPermission("metrics.ingest", { route: "/api/v1/ingest/prometheus" }, async ({ req, now }) => {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "text/plain") return problem(415, "unsupported_media_type", "send the Prometheus text format as text/plain");
  const params = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!params.success) return problem(422, "invalid_input", "service: must be 1 to 200 characters");
  const text = await readLimited(req, monitorHost().pushLimits.maxBodyBytes);
  if (text === null) return problem(413, "too_large", `the body is over ${monitorHost().pushLimits.maxBodyBytes} bytes`);
  const parsed = expositionToSamples(text, { ...defaultExpositionMapping, defaultService: params.data.service }, now.getTime());
  if (!parsed.ok) {
    const lines = parsed.errors.map(formatExpositionError);
    return problem(400, "malformed_exposition", lines.join("; "), { lines: parsed.errors });
  }
  return ingestSamples(monitorHost(), parsed.samples);
});

import { analyzeIncident, parseRcaInput } from "@/lib/analyze/cascade";
import { unprocessable } from "@/lib/server/http/problem";
import { readJsonBody, withPermission } from "@/lib/server/http/with-permission";

/** Root cause and cascade for one recorded incident, in the input format of `npm run rca`
 * (see the README). Up to 32 MiB of series. */
export const POST = withPermission("rca.run", { route: "/api/v1/rca", maxBodyBytes: 32 << 20 }, async ({ req }) => {
  const body = await readJsonBody(req, 32 << 20);
  if (body instanceof Response) return body;
  const parsed = parseRcaInput(body.value);
  if (!parsed.ok) return unprocessable(parsed.errors);
  return analyzeIncident(parsed.input);
});

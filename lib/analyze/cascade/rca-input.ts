import { z } from "zod";

// The batch RCA input (`npm run rca -- --input case.json`, POST /api/v1/rca). Times are Unix
// seconds, as in the files people export from Prometheus or fault-injection datasets. Metric
// names and units are free text: nothing downstream reads them, except the optional
// request-rate guess for the blast radius (see estimate-traffic.ts).

// Caps keep one request's work bounded (the analysis is O(services² · lags · points) when the
// graph is inferred); they are far above a real incident export (tens of services, hundreds
// of series, an hour at one-minute resolution).
const maxServices = 2_000;
const maxSeries = 50_000;
const maxPointsPerSeries = 100_000;

const finite = (what: string) =>
  z.number({ error: `expected a finite number${what}` }).refine(Number.isFinite, {
    message: `expected a finite number${what}`,
  });

const serviceName = z
  .string({ error: "expected a service name (string)" })
  .min(1, "expected a non-empty service name");

const pointSchema = z.tuple([finite(" (Unix seconds)"), finite("")], {
  error: "expected a [unixSeconds, value] pair",
});

const seriesSchema = z.object({
  service: serviceName,
  metric: z.string({ error: "expected a metric name (string)" }).min(1, "expected a non-empty metric name"),
  points: z
    .array(pointSchema, { error: "expected an array of [unixSeconds, value] pairs" })
    .min(1, "expected at least one point")
    .max(maxPointsPerSeries, `at most ${maxPointsPerSeries} points per series`),
});

const baseInputSchema = z.object(
  {
    services: z
      .array(serviceName, { error: "expected an array of service names" })
      .min(1, "expected at least one service")
      .max(maxServices, `at most ${maxServices} services`),
    edges: z
      .array(z.tuple([serviceName, serviceName], { error: "expected a [caller, callee] pair" }), {
        error: "expected an array of [caller, callee] pairs (may be empty)",
      })
      .default([]),
    series: z
      .array(seriesSchema, { error: "expected an array of series" })
      .min(1, "expected at least one series")
      .max(maxSeries, `at most ${maxSeries} series`),
    incidentStart: finite(" (Unix seconds)"),
    /** Services whose loss matters most (payments, login): reported when affected or at risk. */
    critical: z.array(serviceName, { error: "expected an array of service names" }).optional(),
    /** Requests per second (or any traffic weight) per service, for the blast radius. */
    traffic: z
      .record(
        z.string(),
        z.number().refine((v) => Number.isFinite(v) && v >= 0, "expected a finite number ≥ 0"),
      )
      .optional(),
  },
  { error: "expected a JSON object with services, edges, series and incidentStart" },
);

/** Cross-field rules. Timestamps must already be strictly increasing: sorting silently would
 * hide a conversion bug such as two pods merged into one series, so such input is refused. */
export const rcaInputSchema = baseInputSchema.superRefine((input, ctx) => {
  const known = new Set<string>();
  input.services.forEach((s, i) => {
    if (known.has(s))
      ctx.addIssue({ code: "custom", path: ["services", i], message: `duplicate service "${s}"` });
    known.add(s);
  });
  const unknown = (s: string) => `unknown service "${s}" (not listed in services)`;
  input.edges.forEach(([caller, callee], i) => {
    if (!known.has(caller)) ctx.addIssue({ code: "custom", path: ["edges", i, 0], message: unknown(caller) });
    if (!known.has(callee)) ctx.addIssue({ code: "custom", path: ["edges", i, 1], message: unknown(callee) });
    if (caller === callee)
      ctx.addIssue({ code: "custom", path: ["edges", i], message: "a service cannot call itself" });
  });
  const seen = new Set<string>();
  let baselinePoints = 0;
  input.series.forEach((s, i) => {
    if (!known.has(s.service))
      ctx.addIssue({ code: "custom", path: ["series", i, "service"], message: unknown(s.service) });
    const key = JSON.stringify([s.service, s.metric]);
    if (seen.has(key)) {
      ctx.addIssue({
        code: "custom",
        path: ["series", i],
        message: `duplicate series for service "${s.service}", metric "${s.metric}"`,
      });
    }
    seen.add(key);
    for (let j = 1; j < s.points.length; j++) {
      const prev = s.points[j - 1]![0];
      const t = s.points[j]![0];
      if (!(t > prev)) {
        ctx.addIssue({
          code: "custom",
          path: ["series", i, "points", j, 0],
          message: `timestamps must be strictly increasing (${t} follows ${prev})`,
        });
        break;
      }
    }
    for (const [t] of s.points) if (t < input.incidentStart) baselinePoints++;
  });
  if (baselinePoints === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["incidentStart"],
      message: "no series has a point before incidentStart: the pre-incident baseline is empty",
    });
  }
  (input.critical ?? []).forEach((s, i) => {
    if (!known.has(s)) ctx.addIssue({ code: "custom", path: ["critical", i], message: unknown(s) });
  });
  for (const s of Object.keys(input.traffic ?? {})) {
    if (!known.has(s)) ctx.addIssue({ code: "custom", path: ["traffic", s], message: unknown(s) });
  }
});

export type RcaInput = z.infer<typeof rcaInputSchema>;
/** The input as written in a file or request body (`edges` may be omitted). */
export type RcaInputDocument = z.input<typeof rcaInputSchema>;

/** `series[3].points[10][1]` for a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(input)" : out;
}

export type RcaInputError = { path: string; message: string };

export type ParsedRcaInput = { ok: true; input: RcaInput } | { ok: false; errors: RcaInputError[] };

/** Validates untrusted JSON; errors name the field, e.g. `series[3].points[10][1]`. */
export function parseRcaInput(raw: unknown): ParsedRcaInput {
  const result = rcaInputSchema.safeParse(raw);
  if (result.success) return { ok: true, input: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
    })),
  };
}

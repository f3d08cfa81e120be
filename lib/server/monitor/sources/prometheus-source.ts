import {
  matrixToSamples,
  queryRangeResponseSchema,
  type MatrixSeries,
  type PrometheusAuth,
  type PrometheusSourceConfig,
} from "@/lib/monitor/sources/prometheus-query";
import type { Sample } from "@/lib/monitor/types";

export type PrometheusErrorKind = "timeout" | "unreachable" | "http" | "query" | "response" | "auth";

/** A failed Prometheus request; `message` says what, where, and (for a bad query) Prometheus's
 * own reason. */
export class PrometheusQueryError extends Error {
  readonly kind: PrometheusErrorKind;
  constructor(kind: PrometheusErrorKind, message: string) {
    super(message);
    this.name = "PrometheusQueryError";
    this.kind = kind;
  }
}

export type PrometheusClient = {
  url: string;
  auth?: PrometheusAuth;
  timeoutMs: number;
};

export type PrometheusDeps = {
  fetch?: typeof fetch;
  /** Where `tokenEnv` / `passwordEnv` are looked up. */
  env?: Record<string, string | undefined>;
};

/** `GET /api/v1/query_range` for [startMs, endMs] every stepMs; the matrix's series. Throws a
 * PrometheusQueryError on a timeout, an unreachable server, a refused query or an answer that
 * is not a matrix. */
export async function queryRange(
  client: PrometheusClient,
  query: string,
  range: { startMs: number; endMs: number; stepMs: number },
  deps: PrometheusDeps = {},
): Promise<MatrixSeries[]> {
  const url = new URL("api/v1/query_range", client.url.endsWith("/") ? client.url : `${client.url}/`);
  const body = new URLSearchParams({
    query,
    start: (range.startMs / 1000).toString(),
    end: (range.endMs / 1000).toString(),
    step: `${range.stepMs / 1000}s`,
    timeout: `${Math.max(1, Math.floor(client.timeoutMs / 1000))}s`,
  });
  const where = `Prometheus at ${client.url}`;
  const credentials = authHeader(client.auth, deps.env ?? process.env);
  let res: Response;
  try {
    res = await (deps.fetch ?? fetch)(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        ...credentials,
      },
      signal: AbortSignal.timeout(client.timeoutMs),
    });
  } catch (error) {
    throw fetchFailure(error, where, client.timeoutMs);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError")
      throw fetchFailure(error, where, client.timeoutMs);
    if (res.status === 401 || res.status === 403)
      throw new PrometheusQueryError("auth", `${where} refused the credentials (HTTP ${res.status})`);
    throw new PrometheusQueryError(
      res.ok ? "response" : "http",
      `${where} answered HTTP ${res.status} without a JSON body`,
    );
  }
  const parsed = queryRangeResponseSchema.safeParse(json);
  if (!parsed.success)
    throw new PrometheusQueryError(
      "response",
      `${where} answered HTTP ${res.status} with an unexpected body`,
    );
  const answer = parsed.data;
  if (answer.status === "error") {
    const kind = answer.errorType === "timeout" ? "timeout" : "query";
    throw new PrometheusQueryError(
      kind,
      `${where} refused the query ${JSON.stringify(query)}: ${answer.errorType ?? "error"}: ${answer.error ?? "no reason given"}`,
    );
  }
  if (answer.data.resultType !== "matrix") {
    throw new PrometheusQueryError(
      "response",
      `${where} answered a ${answer.data.resultType} where a matrix was expected`,
    );
  }
  return answer.data.result.map((s) => ({ metric: s.metric, values: s.values ?? [] }));
}

export type PrometheusFetchResult = {
  samples: Sample[];
  /** Per failed query; the other queries' samples are still returned. */
  errors: { query: string; error: PrometheusQueryError }[];
  unattributed: number;
};

/** Runs every configured query over one range and maps the series to samples. */
export async function fetchPrometheusSamples(
  source: PrometheusSourceConfig,
  range: { startMs: number; endMs: number },
  deps: PrometheusDeps = {},
): Promise<PrometheusFetchResult> {
  const client: PrometheusClient = { url: source.url, auth: source.auth, timeoutMs: source.timeout };
  const results = await Promise.allSettled(
    source.queries.map((q) =>
      queryRange(client, q.query, { ...range, stepMs: source.step }, deps).then((series) =>
        matrixToSamples(series, q),
      ),
    ),
  );
  const out: PrometheusFetchResult = { samples: [], errors: [], unattributed: 0 };
  results.forEach((r, i) => {
    const query = source.queries[i]!.query;
    if (r.status === "fulfilled") {
      for (const s of r.value.samples) out.samples.push(s);
      out.unattributed += r.value.unattributed;
    } else {
      const error =
        r.reason instanceof PrometheusQueryError
          ? r.reason
          : new PrometheusQueryError("response", String(r.reason));
      out.errors.push({ query, error });
    }
  });
  return out;
}

function authHeader(
  auth: PrometheusAuth | undefined,
  env: Record<string, string | undefined>,
): Record<string, string> {
  if (!auth) return {};
  if (auth.type === "bearer") {
    const token = auth.token ?? env[auth.tokenEnv!];
    if (!token)
      throw new PrometheusQueryError(
        "auth",
        `the environment variable ${auth.tokenEnv} (Prometheus bearer token) is not set`,
      );
    return { authorization: `Bearer ${token}` };
  }
  const password = auth.password ?? env[auth.passwordEnv!];
  if (password === undefined)
    throw new PrometheusQueryError(
      "auth",
      `the environment variable ${auth.passwordEnv} (Prometheus password) is not set`,
    );
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${password}`).toString("base64")}` };
}

function fetchFailure(error: unknown, where: string, timeoutMs: number): PrometheusQueryError {
  if (error instanceof Error && error.name === "TimeoutError") {
    return new PrometheusQueryError("timeout", `${where} did not answer within ${timeoutMs} ms`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new PrometheusQueryError("unreachable", `cannot reach ${where}: ${reason}`);
}

import { readJsonPath, type ProbeResult, type ProbeSpec } from "@/lib/monitor/sources/probe-spec";

export type ProbeDeps = {
  fetch?: typeof fetch;
  /** Wall clock for the result's `t` (ms since the epoch). */
  now?: () => number;
};

/** Runs one HTTP probe. The timeout covers the whole exchange, body included; a probe never
 * throws: every failure comes back as `ok: false` with the reason. */
export async function runHttpProbe(spec: ProbeSpec, deps: ProbeDeps = {}): Promise<ProbeResult> {
  const doFetch = deps.fetch ?? fetch;
  const t = (deps.now ?? Date.now)();
  const started = performance.now();
  const base = { probe: spec.name, service: spec.service, kind: spec.kind, t };
  const finish = (status: number | undefined, failure: string | undefined): ProbeResult => ({
    ...base,
    ok: failure === undefined,
    durationMs: performance.now() - started,
    status,
    failure,
  });
  try {
    const res = await doFetch(spec.url, {
      method: spec.method,
      signal: AbortSignal.timeout(spec.timeoutMs),
      headers: { "user-agent": "homeostat-probe", accept: spec.expectJson ? "application/json" : "*/*" },
    });
    const statusOk = spec.expectStatus
      ? spec.expectStatus.includes(res.status)
      : res.status >= 200 && res.status < 300;
    if (!statusOk) {
      await res.body?.cancel();
      const expected = spec.expectStatus ? spec.expectStatus.join(" or ") : "2xx";
      return finish(res.status, `status ${res.status} (expected ${expected})`);
    }
    if (!spec.expectBody && !spec.expectJson) {
      await res.body?.cancel();
      return finish(res.status, undefined);
    }
    const body = await res.text();
    if (spec.expectBody && !body.includes(spec.expectBody)) {
      return finish(res.status, `body does not contain ${JSON.stringify(spec.expectBody)}`);
    }
    if (spec.expectJson) return finish(res.status, checkJson(body, spec.expectJson));
    return finish(res.status, undefined);
  } catch (error) {
    return finish(undefined, describeFetchError(error, spec.timeoutMs));
  }
}

function checkJson(body: string, expect: NonNullable<ProbeSpec["expectJson"]>): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  const found = readJsonPath(parsed, expect.path);
  if (found === expect.equals) return undefined;
  return `${expect.path} is ${found === undefined ? "missing" : JSON.stringify(found)} (expected ${JSON.stringify(expect.equals)})`;
}

/** "timed out after 200 ms", "cannot connect: ECONNREFUSED", … for a failed fetch. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return `timed out after ${timeoutMs} ms`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `cannot connect: ${cause.code}`;
    if (cause?.message) return `request failed: ${cause.message}`;
    return `request failed: ${error.message}`;
  }
  return `request failed: ${String(error)}`;
}

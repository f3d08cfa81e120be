import { describe, expect, it } from "vitest";
import { prometheusSourceSchema } from "@/lib/monitor/sources/prometheus-query";
import { ManualTimer } from "./manual-timer";
import { startPrometheusPolling, type PrometheusPoll } from "./prometheus-poller";

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("startPrometheusPolling", () => {
  it("asks each query for the steps it has not seen, and retries a failed query's gap", async () => {
    const timer = new ManualTimer(1_000_000);
    const asked: { query: string; start: string; end: string }[] = [];
    let failDown = true;
    const answer = (body: unknown, status = 200) => Promise.resolve(Response.json(body, { status }));
    const fetchStub = ((_url: URL, init?: RequestInit) => {
      const params = init?.body as URLSearchParams;
      const query = params.get("query")!;
      asked.push({ query, start: params.get("start")!, end: params.get("end")! });
      if (query === "down" && failDown)
        return answer({ status: "error", errorType: "bad_data", error: "nope" }, 400);
      const end = Number(params.get("end"));
      return answer({
        status: "success",
        data: { resultType: "matrix", result: [{ metric: { service: "cart" }, values: [[end, "1"]] }] },
      });
    }) as typeof fetch;
    const source = prometheusSourceSchema.parse({
      url: "http://prometheus.test",
      step: "15s",
      interval: "30s",
      lookback: "1m",
      queries: [
        { query: "up", metric: "up" },
        { query: "down", metric: "down" },
      ],
    });
    const polls: PrometheusPoll[] = [];
    const poller = startPrometheusPolling(source, (p) => polls.push(p), { fetch: fetchStub, timer });
    expect(timer.waiting).toEqual([30_000]);
    timer.runNext();
    await settle();
    failDown = false;
    timer.runNext();
    await settle();
    poller.stop();
    expect(timer.waiting).toEqual([]);
    // now 1,030,000 then 1,060,000: step-aligned ends 1,020,000 and 1,050,000.
    expect(asked).toEqual([
      { query: "up", start: "975", end: "1020" },
      { query: "down", start: "975", end: "1020" },
      { query: "up", start: "1035", end: "1050" },
      { query: "down", start: "1005", end: "1050" },
    ]);
    expect(polls[0]?.errors.map((e) => [e.query, e.error.kind])).toEqual([["down", "query"]]);
    expect(polls[0]?.samples).toEqual([{ service: "cart", metric: "up", t: 1_020_000, v: 1 }]);
    expect(polls[1]?.errors).toEqual([]);
    expect(polls[1]?.samples.map((s) => s.metric).sort()).toEqual(["down", "up"]);
  });
});

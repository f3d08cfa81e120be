import { describe, expect, it } from "vitest";
import { probeSpecSchema } from "@/lib/monitor/sources/probe-spec";
import { ManualTimer } from "./manual-timer";
import { startProbes, type ProbeOutcome } from "./probe-runner";

const spec = (name: string) =>
  probeSpecSchema.parse({
    name,
    service: "cart",
    url: `http://cart.test/${name}`,
    minIntervalMs: "5s",
    maxIntervalMs: "5m",
  });

/** Lets the probe's fetch promise and its continuation settle. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
};

describe("startProbes", () => {
  it("runs each probe on its adaptive schedule and reports samples and state changes", async () => {
    const timer = new ManualTimer(1_000_000);
    const healthy: boolean[] = [true, true, true, true, false, false, true];
    let call = 0;
    const fetchStub = (() =>
      Promise.resolve(new Response("ok", { status: healthy[call++] ? 200 : 503 }))) as typeof fetch;
    const outcomes: ProbeOutcome[] = [];
    const runner = startProbes([spec("live")], (o) => outcomes.push(o), {
      fetch: fetchStub,
      timer,
      random: () => 0.5,
    });
    expect(timer.waiting).toEqual([2_500]);
    for (let i = 0; i < healthy.length; i++) {
      timer.runNext();
      await settle();
    }
    runner.stop();
    expect(outcomes.map((o) => o.result.ok)).toEqual(healthy);
    expect(outcomes.map((o) => o.nextDelayMs)).toEqual([5_000, 5_000, 7_500, 11_250, 5_625, 5_000, 5_000]);
    expect(outcomes.map((o) => o.signal?.severity ?? null)).toEqual([
      null,
      null,
      null,
      null,
      "critical",
      null,
      "info",
    ]);
    expect(outcomes[0]?.samples.map((s) => [s.metric, s.v, s.t])).toEqual([
      ['probe_success{probe="live"}', 1, 1_002_500],
      ['probe_duration_ms{probe="live"}', outcomes[0]?.result.durationMs, 1_002_500],
    ]);
    expect(timer.waiting).toEqual([]);
  });

  it("stops rescheduling after stop(), even for a probe in flight", async () => {
    const timer = new ManualTimer(0);
    let release: (r: Response) => void = () => undefined;
    const fetchStub = (() => new Promise<Response>((resolve) => (release = resolve))) as typeof fetch;
    const outcomes: ProbeOutcome[] = [];
    const runner = startProbes([spec("a"), spec("b")], (o) => outcomes.push(o), {
      fetch: fetchStub,
      timer,
      random: () => 0,
    });
    timer.runNext();
    runner.stop();
    release(new Response("ok"));
    await settle();
    expect(outcomes).toEqual([]);
    expect(timer.waiting).toEqual([]);
  });
});

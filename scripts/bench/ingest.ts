// npm run bench:ingest — push ingest throughput on this machine:
//   1. samples per second accepted over HTTP by POST /api/v1/ingest (the real server, started
//      here with its own embedded database; columnar JSON batches, several in flight);
//   2. window updates per second in process (scripts/bench/windows.ts).
// Options: --seconds S (default 10), --batch N samples per request (default 10000),
//          --concurrency C requests in flight (default 4).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { launchServer, signInCookie } from "../lib/launch-server";

const { values } = parseArgs({ options: { seconds: { type: "string" }, batch: { type: "string" }, concurrency: { type: "string" } } });
const seconds = Number(values.seconds ?? 10);
const batchSize = Number(values.batch ?? 10_000);
const concurrency = Number(values.concurrency ?? 4);
const seriesPerBatch = 1_000;
const pointsPerSeries = batchSize / seriesPerBatch;

const server = await launchServer();
try {
  const cookie = await signInCookie(server.url, "admin", server.adminPassword);
  const created = await fetch(`${server.url}/api/v1/tokens`, {
    method: "POST",
    headers: { cookie, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: ["ingest"] }),
  });
  const { secret } = (await created.json()) as { secret: string };

  // Bodies are serialised before the clock starts, so the client's own JSON work does not
  // compete with the server for the two cores. Each worker owns its series and every batch
  // moves time forward, so every sample is new.
  function bodies(w: number, count: number): string[] {
    const out: string[] = [];
    let t = 1_700_000_000_000;
    for (let b = 0; b < count; b++) {
      const series = [];
      for (let s = 0; s < seriesPerBatch; s++) {
        const points: [number, number][] = [];
        for (let p = 0; p < pointsPerSeries; p++) points.push([t + p * 1000, ((s * 7 + p * 13 + b) % 1000) / 10]);
        series.push({ service: `bench-${w}-${s % 20}`, metric: `m${s}`, points });
      }
      t += pointsPerSeries * 1000;
      out.push(JSON.stringify({ series }));
    }
    return out;
  }

  async function worker(batches: string[], until: number): Promise<number> {
    let accepted = 0;
    for (const body of batches) {
      if (performance.now() >= until) break;
      const res = await fetch(`${server.url}/api/v1/ingest`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body,
      });
      const reply = (await res.json()) as { accepted?: number; message?: string };
      if (!res.ok) throw new Error(`ingest failed with ${res.status}: ${reply.message}`);
      accepted += reply.accepted!;
    }
    return accepted;
  }

  // Enough batches for 400,000 samples/s per worker, more than this machine can take.
  const perWorker = Math.ceil((400_000 * seconds) / batchSize / concurrency);
  const prepared = Array.from({ length: concurrency }, (_, w) => bodies(w, perWorker));
  await worker(bodies(99, 20), performance.now() + 2_000); // warm-up: JIT and connections
  const started = performance.now();
  const counts = await Promise.all(prepared.map((batches) => worker(batches, started + seconds * 1000)));
  const elapsed = (performance.now() - started) / 1000;
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(`HTTP push ingest: ${Math.round(total / elapsed).toLocaleString("en")} samples/s accepted ` + `(${total.toLocaleString("en")} samples in ${elapsed.toFixed(1)} s; batches of ${batchSize}, ${concurrency} in flight; client and server share the machine's 2 cores)`);
} finally {
  await server.stop();
}

const windows = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bench/windows.ts"], { encoding: "utf8" });
process.stdout.write(windows.stdout);
if (windows.status !== 0) process.stderr.write(windows.stderr);

// npm run bench:checkpoint — the size of the loop's checkpoint and the time to write and read
// it (JSON and gzip, as lib/server/loop/loop-checkpoint.ts does), for the simulated fleet's
// state after 50 minutes: a full history window and warm detectors.
import { gunzipSync, gzipSync } from "node:zlib";
import { autopilot } from "@/lib/loop/fleet-run-fixture";
import { runLoopOnFleet } from "@/lib/loop/run-loop-on-fleet";

const runs = 5;
const { state } = runLoopOnFleet({ seed: 1, fault: null, policy: autopilot, warmupMs: 50 * 60_000, runMs: 0 });
const save: number[] = [];
const load: number[] = [];
let json = 0;
let gzipped = 0;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const text = JSON.stringify(state);
  const packed = gzipSync(text);
  save.push(performance.now() - t);
  t = performance.now();
  JSON.parse(gunzipSync(packed).toString("utf8"));
  load.push(performance.now() - t);
  json = text.length;
  gzipped = packed.length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
console.log(`loop state: ${(json / 1e6).toFixed(2)} MB JSON, ${(gzipped / 1e3).toFixed(0)} kB gzip-compressed`);
console.log(`stringify + gzip: median ${median(save)} ms; gunzip + parse: median ${median(load)} ms (over ${runs} runs)`);

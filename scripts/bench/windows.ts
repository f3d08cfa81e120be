// Window updates per second on one core: every update adds one sample to all five windows
// (1m, 5m, 15m, 1h, 24h) of one series. Usage: npx tsx scripts/bench/windows.ts [--series N] [--seconds S]
import { SeriesStore } from "@/lib/monitor/windows/series-store";
import { bytesPerSeries } from "@/lib/monitor/windows/window-layout";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seriesCount = arg("series", 1000);
const seconds = arg("seconds", 3);

const store = new SeriesStore({ maxSeries: seriesCount });
const ids = new Int32Array(seriesCount);
for (let s = 0; s < seriesCount; s++) ids[s] = store.ensure(`svc-${s % 50}`, `metric-${s}`);

// Values wander like latencies (log-normal-ish, 5..500 ms) from a cheap deterministic generator.
const values = new Float64Array(4096);
let x = 12345;
for (let i = 0; i < values.length; i++) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  values[i] = 5 * Math.exp(4.6 * (x / 4294967296));
}

let k = 0;
function pass(t: number): void {
  k = (k + 7) & 4095;
  for (let s = 0; s < seriesCount; s++) store.record(ids[s]!, t, values[(s + k) & 4095]!);
}

// Each pass is one scrape of every series, 1 s of virtual time apart (so slots roll over as in production).
let t = Date.UTC(2026, 0, 14);
for (let n = 0; n < 200; n++) pass((t += 1000));
// CPU time of this process is the "one core" measure: on a shared machine wall time also counts
// the time other processes held the core. Both are printed.
let updates = 0;
const wallStart = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let wall = 0;
while (wall < seconds) {
  for (let n = 0; n < 100; n++) pass((t += 1000));
  updates += 100 * seriesCount;
  wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
}
const cpuUsed = process.cpuUsage(cpuStart);
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const perCpuSecond = updates / cpu;
console.log(`series: ${seriesCount}, samples: ${updates}, wall: ${wall.toFixed(2)} s, cpu: ${cpu.toFixed(2)} s`);
console.log(`samples/s per core (each into all 5 windows): ${fmt(perCpuSecond)} (cpu time), ${fmt(updates / wall)} (wall time)`);
console.log(`window updates/s per core (5 per sample): ${fmt(5 * perCpuSecond)}`);
console.log(`target 5,000,000 samples/s: ${perCpuSecond >= 5_000_000 ? "met" : "NOT met"}; memory per series: ${bytesPerSeries} bytes`);

// The same through `ingest` (Sample objects, series looked up by service and metric), which is
// what a push route calls: batches of 1,000 samples.
const batchSize = 1000;
const batches = Array.from({ length: seriesCount / batchSize > 1 ? seriesCount / batchSize : 1 }, (_, b) =>
  Array.from({ length: Math.min(batchSize, seriesCount) }, (_, j) => {
    const s = (b * batchSize + j) % seriesCount;
    return { service: `svc-${s % 50}`, metric: `metric-${s}`, t: 0, v: values[s & 4095]! };
  }),
);
let ingested = 0;
const ingestCpuStart = process.cpuUsage();
const ingestWallStart = process.hrtime.bigint();
let ingestWall = 0;
while (ingestWall < seconds) {
  t += 1000;
  for (const batch of batches) {
    for (const sample of batch) sample.t = t;
    const r = store.ingest(batch);
    if (r.ok) ingested += r.accepted;
  }
  ingestWall = Number(process.hrtime.bigint() - ingestWallStart) / 1e9;
}
const ingestCpu = process.cpuUsage(ingestCpuStart);
console.log(`ingest(batch of ${Math.min(batchSize, seriesCount)}) samples/s per core: ${fmt(ingested / ((ingestCpu.user + ingestCpu.system) / 1e6))} (cpu time)`);

// npm run bench:checkpoint — the size of the loop's checkpoint and the time to write and read
// it, for the simulated fleet's state after 50 minutes: a full history window and warm
// detectors. First the encoding alone (JSON and gzip), then saveCheckpoint and loadCheckpoint
// against the embedded PGlite (a fresh folder) and, with DATABASE_URL, that server too: the
// wall time of each, and how long the event loop was blocked at most during the save (what a
// page request waiting on this process would feel).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { autopilot } from "@/lib/loop/fleet-run-fixture";
import { runLoopOnFleet } from "@/lib/loop/run-loop-on-fleet";
import { openDatabase } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrations";
import type { DbTarget } from "@/lib/server/db/target";
import { loadCheckpoint, saveCheckpoint, type LoopSnapshot } from "@/lib/server/loop/loop-checkpoint";

const runs = 5;
const { state } = runLoopOnFleet({ seed: 1, fault: null, policy: autopilot, warmupMs: 50 * 60_000, runMs: 0 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);

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
console.log(`loop state: ${(json / 1e6).toFixed(2)} MB JSON, ${(gzipped / 1e3).toFixed(0)} kB gzip-compressed`);
console.log(`encoding: stringify + gzip median ${median(save)} ms; gunzip + parse median ${median(load)} ms (over ${runs} runs)`);

const snapshot: LoopSnapshot = { state, ids: { incidents: new Map(), plans: new Map() }, fedBack: new Map(), executions: [] };

/** The longest gap between 1 ms timer callbacks (the event loop busy) until stop(). */
function stallWatch(): { stop: () => number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    },
  };
}

async function measure(name: string, target: DbTarget): Promise<void> {
  await applyMigrations(target);
  const db = await openDatabase(target);
  try {
    const saves: number[] = [];
    const blocked: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const tickAt = new Date();
      const stall = stallWatch();
      let t = performance.now();
      await saveCheckpoint(db.prisma, snapshot, tickAt, "bench");
      const saved = performance.now() - t;
      t = performance.now();
      const back = await loadCheckpoint(db.prisma, tickAt, 60_000);
      const loaded = performance.now() - t;
      if (!back) throw new Error("the checkpoint just saved did not load");
      if (i === 0) continue; // warm-up
      saves.push(saved);
      blocked.push(stall.stop());
      loads.push(loaded);
    }
    console.log(`${name}: save median ${median(saves)} ms (event loop blocked at most ${median(blocked)} ms, median over saves); load median ${median(loads)} ms`);
    // Why the column is text: the same compressed bytes as a bytea parameter and as base64.
    const packed = gzipSync(JSON.stringify(state));
    await db.prisma.$executeRawUnsafe("CREATE TABLE bench_param_encoding (id text PRIMARY KEY, b bytea, s text)");
    try {
      const asBytes: number[] = [];
      const asText: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        let t = performance.now();
        await db.prisma.$executeRawUnsafe("INSERT INTO bench_param_encoding (id, b) VALUES ('b', $1) ON CONFLICT (id) DO UPDATE SET b = excluded.b", packed);
        const bytes = performance.now() - t;
        t = performance.now();
        await db.prisma.$executeRawUnsafe("INSERT INTO bench_param_encoding (id, s) VALUES ('s', $1) ON CONFLICT (id) DO UPDATE SET s = excluded.s", packed.toString("base64"));
        const text = performance.now() - t;
        if (i === 0) continue; // warm-up
        asBytes.push(bytes);
        asText.push(text);
      }
      console.log(`${name}: writing the ${(packed.length / 1e3).toFixed(0)} kB as a bytea parameter median ${median(asBytes)} ms, as base64 text ${median(asText)} ms`);
    } finally {
      await db.prisma.$executeRawUnsafe("DROP TABLE bench_param_encoding");
    }
  } finally {
    await db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), "homeostat-checkpoint-"));
try {
  await measure("embedded PGlite", { kind: "pglite", dataDir: dir });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.DATABASE_URL) await measure("PostgreSQL (DATABASE_URL)", { kind: "postgres", url: process.env.DATABASE_URL });

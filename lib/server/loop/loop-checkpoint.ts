import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { LoopState, PlanExecution } from "@/lib/loop/loop-state";
import { log } from "@/lib/server/log";
import type { IdMaps } from "./record-effects";

/** What a loop needs to carry on where another left off: its state (detectors, history,
 * incidents, plans), the database rows its incidents and plans became, the decisions already
 * fed back, and the executions not yet fed to the next tick. */
export type LoopSnapshot = { state: LoopState; ids: IdMaps; fedBack: Map<string, string>; executions: PlanExecution[] };

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Bumped when LoopState changes shape: an older checkpoint is then ignored, not misread. */
const format = 1;
const id = "loop";

type Stored = { format: number; state: LoopState; incidents: [string, string][]; plans: [string, string][]; fedBack: [string, string][]; executions: PlanExecution[] };

/** Saves the snapshot taken at `tickAt` over the previous one (about 3 MB of JSON for the
 * simulated fleet, stored gzip-compressed). LoopState is plain JSON by design: the loop tests
 * run the fleet with the state round-tripped through JSON every tick and get the same cycles. */
export async function saveCheckpoint(prisma: PrismaClient, snapshot: LoopSnapshot, tickAt: Date, savedBy: string): Promise<void> {
  const stored: Stored = {
    format,
    state: snapshot.state,
    incidents: [...snapshot.ids.incidents],
    plans: [...snapshot.ids.plans],
    fedBack: [...snapshot.fedBack],
    executions: snapshot.executions,
  };
  // Compressed off the event loop (libuv's thread pool), stored as base64 text (see the
  // schema), and not read back.
  const state = (await gzipAsync(JSON.stringify(stored))).toString("base64");
  await prisma.loopCheckpoint.upsert({ where: { id }, create: { id, tickAt, state, savedBy }, update: { tickAt, state, savedBy }, select: { id: true } });
}

/** The last checkpoint if it is at most `maxAgeMs` older than `now` and in this format; else
 * null, and the loop starts afresh (its detectors relearn the baseline). */
export async function loadCheckpoint(prisma: PrismaClient, now: Date, maxAgeMs: number): Promise<(LoopSnapshot & { tickAt: Date; savedBy: string }) | null> {
  const row = await prisma.loopCheckpoint.findUnique({ where: { id } });
  if (!row || now.getTime() - row.tickAt.getTime() > maxAgeMs || row.tickAt.getTime() > now.getTime()) return null;
  try {
    const stored = JSON.parse((await gunzipAsync(Buffer.from(row.state, "base64"))).toString("utf8")) as Stored;
    if (stored.format !== format) return null;
    return {
      state: stored.state,
      ids: { incidents: new Map(stored.incidents), plans: new Map(stored.plans) },
      fedBack: new Map(stored.fedBack),
      executions: stored.executions,
      tickAt: row.tickAt,
      savedBy: row.savedBy,
    };
  } catch (error) {
    log.warn("loop checkpoint unreadable; starting afresh", { error });
    return null;
  }
}

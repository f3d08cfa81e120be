// npm run worker — the Monitor and the MAPE-K loop without the web server, for deployments on
// a PostgreSQL server: run web replicas with HOMEOSTAT_LOOP=off and one or more workers; a
// lease in the database lets exactly one worker run the loop at a time, and another takes
// over within a tick period when it dies.
import { parseEnv } from "@/lib/server/env";

const env = parseEnv(process.env);
if (!env.DATABASE_URL) {
  process.stderr.write("npm run worker needs DATABASE_URL (a PostgreSQL server); with the embedded database the web server runs the loop itself.\n");
  process.exit(2);
}

const { applyMigrations } = await import("@/lib/server/db/migrations");
const { openDatabase, setDatabase } = await import("@/lib/server/db/client");
const { loadMonitorConfig } = await import("@/lib/server/monitor/sources/load-monitor-config");
const { initMonitorHost } = await import("@/lib/server/monitor/monitor-host");
const { initLoopHost } = await import("@/lib/server/loop/loop-host");
const { log } = await import("@/lib/server/log");
const { linkReplicas } = await import("@/lib/server/events/pg-event-relay");

const config = await loadMonitorConfig(env.HOMEOSTAT_CONFIG);
const target = { kind: "postgres" as const, url: env.DATABASE_URL };
await applyMigrations(target);
const db = await openDatabase(target);
setDatabase(db);
// The loop's events (plans proposed, verdicts, incidents) reach the web replicas' browsers.
const relay = await linkReplicas(env.DATABASE_URL);
const loop = initLoopHost(initMonitorHost(config), env.DATABASE_URL);
log.info("worker started: the loop runs here whenever this worker holds the lease");

const stop = (signal: string) => {
  log.info(`${signal}: worker stopping`);
  loop.stop();
  void Promise.all([relay.stop(), db.close()]).finally(() => process.exit(0));
};
process.once("SIGINT", () => stop("SIGINT"));
process.once("SIGTERM", () => stop("SIGTERM"));

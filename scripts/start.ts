// `npm start`: migrate, create the first admin, build when the sources changed, and serve.
import { spawnSync } from "node:child_process";
import http from "node:http";
import { parseEnv } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { buildIsCurrent, writeBuildStamp } from "./lib/build-stamp";

// Next reads these at import time; telemetry would only wait on a network we may not have.
Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
const env = parseEnv(process.env);
process.env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;

async function main(): Promise<void> {
  const { dbTargetFromEnv, describeTarget } = await import("@/lib/server/db/target");
  const { acquirePgliteLock } = await import("@/lib/server/db/pglite-lock");
  const { applyMigrations } = await import("@/lib/server/db/migrations");
  const { openDatabase, setDatabase } = await import("@/lib/server/db/client");
  const { ensureAdmin } = await import("@/lib/server/users/ensure-admin");
  const { peerAddressHeader } = await import("@/lib/server/auth/client-address");
  const { sessionSecret } = await import("@/lib/server/auth/session-secret");
  sessionSecret(); // created now, before Next's workers read it from the environment

  const { loadMonitorConfig } = await import("@/lib/server/monitor/sources/load-monitor-config");
  const { initMonitorHost } = await import("@/lib/server/monitor/monitor-host");
  // A bad config stops the start before anything else, with each error's line and field.
  const monitorConfig = await loadMonitorConfig(env.HOMEOSTAT_CONFIG);
  if (env.HOMEOSTAT_CONFIG) log.info(`sources from ${env.HOMEOSTAT_CONFIG}`);
  if (env.HOMEOSTAT_EXECUTOR === "kubernetes") {
    // Read the cluster's credentials now, so a wrong kubeconfig stops the start, not every tick.
    const { chooseExecutor } = await import("@/lib/server/loop/choose-executor");
    chooseExecutor(null, Date.now, env);
    log.info(`executor: kubernetes, namespace ${env.HOMEOSTAT_KUBE_NAMESPACE}`);
  }

  const target = dbTargetFromEnv(parseEnv(process.env));
  log.info(`database: ${describeTarget(target)}`);
  // Hold the embedded folder while migrating, so a second `npm start` refuses instead of
  // migrating underneath a running server.
  const release = target.kind === "pglite" ? acquirePgliteLock(target.dataDir) : () => {};
  try {
    const { applied } = await applyMigrations(target, { log: (message) => log.info(message) });
    log.info(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
  } finally {
    release();
  }

  const db = await openDatabase(target, { serveSocket: true });
  setDatabase(db);
  // Several replicas on one PostgreSQL server: live events fan out between them.
  const { linkReplicas } = await import("@/lib/server/events/pg-event-relay");
  const relay = target.kind === "postgres" ? await linkReplicas(target.url) : null;
  const monitor = initMonitorHost(monitorConfig);
  if (env.HOMEOSTAT_LOOP === "on") {
    const { initLoopHost } = await import("@/lib/server/loop/loop-host");
    initLoopHost(monitor, env.DATABASE_URL);
  }
  const admin = await ensureAdmin(db.prisma, env.HOMEOSTAT_ADMIN_PASSWORD);
  if (admin.created && admin.generated) {
    process.stdout.write(`\n  First admin created. User: admin  Password: ${admin.password}\n  (shown once; set HOMEOSTAT_ADMIN_PASSWORD to choose it)\n\n`);
  } else if (admin.created) {
    log.info("first admin created with the password from HOMEOSTAT_ADMIN_PASSWORD");
  }

  if (!buildIsCurrent()) {
    log.info("building the console (sources changed since the last build)");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("next build failed");
    writeBuildStamp();
  }

  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    // Handlers learn the peer address only from this header, never from the client.
    req.headers[peerAddressHeader] = req.socket.remoteAddress ?? "unknown";
    void handle(req, res);
  });
  server.listen(env.PORT, () => log.info(`Homeostat is serving on http://localhost:${env.PORT}`));

  const stop = (signal: string) => {
    log.info(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    void Promise.all([relay?.stop(), db.close()]).finally(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  // The message is for a person: multi-line errors (a config file's) stay readable.
  process.stderr.write(`Homeostat could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.cause instanceof Error) process.stderr.write(`${error.cause.message}\n`);
  process.exit(1);
});

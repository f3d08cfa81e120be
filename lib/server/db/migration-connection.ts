import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DbTarget } from "./target";

type Exec = (sql: string) => Promise<void>;
export type Row = Record<string, unknown>;

/** How the main connection runs a migration script; the default runs it as is. */
export type ScriptRunner = (exec: Exec, script: string) => Promise<void>;

/**
 * One session on the target database, shared by the schema engine (through `factory`) and by
 * our own statements (`exec`, `query`), so a transaction we open spans what the engine does.
 * `close` also closes every shadow database the engine asked for.
 */
export type MigrationConnection = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  exec: Exec;
  query: (sql: string) => Promise<Row[]>;
  close: () => Promise<void>;
};

const runAsIs: ScriptRunner = (exec, script) => exec(script);

// Both stock adapters are unfit to run migration scripts: pglite-prisma-adapter does not await
// `exec` (a failing script is reported as success and rejects unhandled later), and
// @prisma/adapter-pg splits the script on ";" (breaks on `DO $$ … $$` bodies and string
// literals) and runs the pieces one by one. We keep their queryRaw/executeRaw (the engine
// needs their type mapping) and run scripts ourselves, whole, with the simple query protocol.
function withScriptExec(
  adapter: SqlDriverAdapter,
  runScript: (script: string) => Promise<void>,
): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: runScript,
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose: () => Promise.resolve(),
  };
}

// initdb dominates the cost of a new PGlite (seconds here); a fresh cluster is made once per
// process and every later in-memory database starts from its dump (tenths of a second).
let freshCluster: Promise<Blob> | undefined;

async function createMemoryPglite(): Promise<PGlite> {
  freshCluster ??= (async () => {
    const db = await PGlite.create();
    try {
      return await db.dumpDataDir("none");
    } finally {
      await db.close();
    }
  })();
  return PGlite.create({ loadDataDir: await freshCluster });
}

/** A throwaway in-memory PGlite the engine replays migrations into (diff, shadow database). */
async function openShadow(opened: PGlite[]): Promise<SqlDriverAdapter> {
  const shadow = await createMemoryPglite();
  opened.push(shadow);
  const adapter = await new PrismaPGlite(shadow).connect();
  return withScriptExec(adapter, async (script) => {
    await shadow.exec(script);
  });
}

function openPglite(db: PGlite, runScript: ScriptRunner): MigrationConnection {
  const opened: PGlite[] = [db];
  const exec: Exec = async (sql) => {
    await db.exec(sql);
  };
  const inner = new PrismaPGlite(db);
  return {
    factory: {
      provider: "postgres",
      adapterName: "homeostat-migrate-pglite",
      connect: async () => withScriptExec(await inner.connect(), (script) => runScript(exec, script)),
      connectToShadowDb: () => openShadow(opened),
    },
    exec,
    query: async (sql) => (await db.query<Row>(sql)).rows,
    close: async () => {
      await Promise.all(opened.map((instance) => instance.close()));
    },
  };
}

// @prisma/adapter-pg rejects PostgreSQL's one-byte "char" type (oid 18), which the engine reads
// from the catalogs when it introspects (pg_class.relkind and the like). Reported as text, it
// reaches the engine as the one-character string it is.
const pgCharOid = 18;
const pgTextOid = 25;

function reportCharAsText(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  // A multi-statement script resolves to one result per statement.
  const relabel = (outcome: pg.QueryResult | pg.QueryResult[]) => {
    for (const result of Array.isArray(outcome) ? outcome : [outcome]) {
      for (const field of result.fields) if (field.dataTypeID === pgCharOid) field.dataTypeID = pgTextOid;
    }
    return outcome;
  };
  pool.query = ((...args: unknown[]) => {
    const pending = query(...args);
    return pending instanceof Promise ? pending.then(relabel) : pending;
  }) as pg.Pool["query"];
  return pool;
}

async function openPostgres(url: string, runScript: ScriptRunner): Promise<MigrationConnection> {
  // One pooled connection that never idles out: the engine's queries and our BEGIN/COMMIT
  // must land on the same session.
  const pool = reportCharAsText(new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 }));
  const shadows: PGlite[] = [];
  const exec: Exec = async (sql) => {
    await pool.query(sql);
  };
  try {
    await exec("SELECT 1");
  } catch (error) {
    await pool.end();
    throw error;
  }
  const inner = new PrismaPg(pool);
  return {
    factory: {
      provider: "postgres",
      adapterName: "homeostat-migrate-pg",
      connect: async () => withScriptExec(await inner.connect(), (script) => runScript(exec, script)),
      connectToShadowDb: () => openShadow(shadows),
    },
    exec,
    query: async (sql) => (await pool.query<Row>(sql)).rows,
    close: async () => {
      await Promise.all(shadows.map((instance) => instance.close()));
      await pool.end();
    },
  };
}

export async function openMigrationConnection(
  target: DbTarget | { kind: "memory" },
  runScript: ScriptRunner = runAsIs,
): Promise<MigrationConnection> {
  if (target.kind === "postgres") return openPostgres(target.url, runScript);
  if (target.kind === "memory") return openPglite(await createMemoryPglite(), runScript);
  // PGlite creates its data folder but not the folders above it.
  await mkdir(path.dirname(path.resolve(target.dataDir)), { recursive: true });
  return openPglite(await PGlite.create({ dataDir: target.dataDir }), runScript);
}

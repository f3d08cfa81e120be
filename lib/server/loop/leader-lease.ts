import pg from "pg";
import { log } from "@/lib/server/log";

/** Any constant unique to the loop's leadership. */
const loopLockKey = 0x6c6f6f70; // "loop"

/**
 * Leadership of the loop among several processes on one PostgreSQL server: a session-level
 * advisory lock held on a connection of its own. The lock lives exactly as long as that
 * connection, so when the leader dies (or its connection drops) the server releases it and
 * the next instance that asks becomes leader: with every instance asking once per tick, a
 * takeover happens within one tick period. Holding is re-confirmed before every tick.
 */
export class LeaderLease {
  private client: pg.Client | null = null;
  private held = false;

  constructor(
    private readonly url: string,
    private readonly key = loopLockKey,
  ) {}

  /** Whether this process leads now; tries to take the lead when nobody holds it. */
  async holds(): Promise<boolean> {
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.url, application_name: "homeostat-loop-lease" });
        client.on("error", (error) => {
          log.warn("loop lease connection lost", { error: error.message });
          this.drop();
        });
        await client.connect();
        this.client = client;
      }
      if (this.held) {
        await this.client.query("SELECT 1");
        return true;
      }
      const result = await this.client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [this.key]);
      this.held = result.rows[0]?.ok === true;
      if (this.held) log.info("this instance now runs the loop");
      return this.held;
    } catch (error) {
      log.warn("loop lease check failed", { error: (error as Error).message });
      this.drop();
      return false;
    }
  }

  /** Gives the lead up (on shutdown) by closing the connection that holds it. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  private drop(): void {
    void this.release();
  }
}

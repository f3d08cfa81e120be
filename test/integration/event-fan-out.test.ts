import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/events/live-events";
import { GET as stream } from "@/app/api/stream/route";
import { EventBus, eventBus, type EventRelay } from "@/lib/server/events/event-bus";
import { PgEventRelay } from "@/lib/server/events/pg-event-relay";
import { addUser, apiRequest, createAppDatabase, routeContext, sessionCookie, type AppDatabase } from "../helpers/app-database";
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from "../helpers/test-database";

/** A replica's bus with its relay, and every event its streams saw. */
type Replica = { bus: EventBus; relay: PgEventRelay; seen: LiveEvent[]; next: (match: (e: LiveEvent) => boolean) => Promise<LiveEvent> };

function replica(url: string, channel: string, maxPayloadBytes?: number): Replica {
  const bus = new EventBus();
  const relay = new PgEventRelay(bus, url, { channel, minBackoffMs: 20, maxBackoffMs: 200, maxPayloadBytes });
  bus.attach(relay);
  const seen: LiveEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  // Resolves on the first matching event from now on (nothing is awaited by the clock).
  const next = (match: (e: LiveEvent) => boolean) =>
    new Promise<LiveEvent>((resolve) => {
      const off = bus.subscribe((e) => {
        if (!match(e)) return;
        off();
        resolve(e);
      });
    });
  return { bus, relay, seen, next };
}

const changed = (...topics: ("plans" | "incidents" | "faults" | "automation")[]): LiveEvent => ({ type: "changed", topics });
const same = (a: LiveEvent) => (b: LiveEvent) => JSON.stringify(a) === JSON.stringify(b);
const count = (r: Replica, e: LiveEvent) => r.seen.filter(same(e)).length;

async function killListener(url: string, relay: PgEventRelay): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [`homeostat-events ${relay.instanceId}`]);
    expect(rowCount).toBe(1);
  } finally {
    await admin.end();
  }
}

describe.runIf(testDatabaseKinds().includes("postgres"))("live events across replicas (LISTEN/NOTIFY)", () => {
  let database: TestDatabase;
  let url: string;
  let replicas: Replica[] = [];
  let channelNo = 0;

  beforeAll(async () => {
    database = await createTestDatabase({ kind: "postgres", migrate: false });
    url = database.url!;
  });
  afterAll(() => database.dispose());
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.relay.stop()));
    replicas = [];
  });

  /** Two replicas on a channel of their own, both listening. */
  async function twoReplicas(maxPayloadBytes?: number): Promise<[Replica, Replica]> {
    const channel = `homeostat_events_test_${channelNo++}`;
    const pair: [Replica, Replica] = [replica(url, channel, maxPayloadBytes), replica(url, channel, maxPayloadBytes)];
    replicas.push(...pair);
    await Promise.all(pair.map((r) => r.relay.start()));
    expect(pair.every((r) => r.bus.linked)).toBe(true);
    return pair;
  }

  it("delivers an event to the other replica once, and to its own streams once", async () => {
    const [a, b] = await twoReplicas();
    const event = changed("plans");
    const arrived = b.next(same(event));
    a.bus.publish(event);
    await arrived;

    // B answers with a marker; when A hears it, A's echo of its own event (sent earlier on
    // the same server queue) would have arrived already. And A's second marker orders B.
    const markerFromB = changed("incidents");
    const heardByA = a.next(same(markerFromB));
    b.bus.publish(markerFromB);
    await heardByA;
    const markerFromA = changed("faults");
    const heardByB = b.next(same(markerFromA));
    a.bus.publish(markerFromA);
    await heardByB;

    expect(count(a, event)).toBe(1);
    expect(count(b, event)).toBe(1);
    expect(count(b, markerFromB)).toBe(1);
    expect(count(a, markerFromA)).toBe(1);
  });

  it("keeps the fleet's view on its own replica", async () => {
    const [a, b] = await twoReplicas();
    const fleet: LiveEvent = { type: "fleet", view: { now: 1, historyFrom: 0, source: "simulated", services: [] } };
    a.bus.publish(fleet);
    const marker = changed("automation");
    const heard = b.next(same(marker));
    a.bus.publish(marker);
    await heard;
    expect(b.seen.some((e) => e.type === "fleet")).toBe(false);
    expect(a.seen.filter((e) => e.type === "fleet")).toHaveLength(1);
  });

  it("carries an event larger than a notification intact", async () => {
    const [a, b] = await twoReplicas(1_000);
    // Larger than the server's 8000-byte limit in any case, with non-ASCII text to cut through.
    const service = (i: number) => ({
      name: `sérvice-${i}-🙂`,
      tier: null,
      replicas: { ready: 3, total: 3 },
      metrics: { error_rate: i / 100 },
      lastSampleAt: 2,
      history: { error_rate: Array.from({ length: 20 }, (_, t): [number, number] => [t, i * t]) },
    });
    const big: LiveEvent = { type: "fleet", view: { now: 2, historyFrom: 0, source: "simulated", services: Array.from({ length: 60 }, (_, i) => service(i)) } };
    expect(JSON.stringify(big).length).toBeGreaterThan(16_000);
    const arrived = b.next((e) => e.type === "fleet");
    a.relay.send(big); // the relay carries any event; today none that fans out is this large
    expect(await arrived).toEqual(big);
  });

  it("reconnects after its connection is killed, tells its streams to resync, and delivers again", async () => {
    const [a, b] = await twoReplicas();
    const stale = b.next((e) => e.type === "stale");
    const resync = b.next((e) => e.type === "resync");
    await killListener(url, b.relay);
    await stale;
    await resync;
    expect(b.bus.linked).toBe(true);

    const event = changed("plans", "incidents");
    const arrived = b.next(same(event));
    a.bus.publish(event);
    await arrived;
    expect(count(b, event)).toBe(1);
  });

  it("tells the other replicas to resync when its own events could not be sent", async () => {
    const [a, b] = await twoReplicas();
    const aStale = a.next((e) => e.type === "stale");
    const aBack = a.next((e) => e.type === "resync");
    const bTold = b.next((e) => e.type === "resync");
    await killListener(url, a.relay);
    await aStale;
    a.bus.publish(changed("plans")); // lost for B: A is cut off
    await aBack;
    await bTold;
    expect(count(b, changed("plans"))).toBe(0);
  });
});

describe("the live stream of a replica cut off from the others", () => {
  let app: AppDatabase;
  let cookie: string;
  beforeAll(async () => {
    app = await createAppDatabase("pglite");
    cookie = await sessionCookie(await addUser(app.db, "vic", "viewer"));
  });
  afterAll(async () => {
    eventBus().attach(null);
    await app.dispose();
  });

  /** Opens the stream and reads its events off the wire, `count` at a time. */
  async function openStream() {
    const res = await stream(apiRequest("/api/stream", { cookie }), routeContext());
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const queued: LiveEvent[] = [];
    return {
      async take(count: number): Promise<LiveEvent[]> {
        while (queued.length < count) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
          const blocks = text.split("\n\n");
          text = blocks.pop()!;
          for (const b of blocks) if (b.startsWith("data: ")) queued.push(JSON.parse(b.slice(6)) as LiveEvent);
        }
        return queued.splice(0, count);
      },
      close: () => reader.cancel(),
    };
  }

  it("says at once that the view may be stale, and passes the resync on", async () => {
    const relay: EventRelay = { linked: false, send: () => undefined };
    eventBus().attach(relay);
    const live = await openStream();
    const [fleet, stale] = await live.take(2);
    expect(fleet?.type).toBe("fleet");
    expect(stale).toEqual({ type: "stale" });
    eventBus().deliver({ type: "resync" });
    expect(await live.take(1)).toEqual([{ type: "resync" }]);
    await live.close();
  });
});

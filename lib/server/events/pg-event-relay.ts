import { randomBytes } from "node:crypto";
import pg from "pg";
import { liveEventSchema, type LiveEvent } from "@/lib/events/live-events";
import { log } from "@/lib/server/log";
import { eventBus, type EventBus, type EventRelay } from "./event-bus";
import { ChunkAssembler, decodeNotification, encodeNotifications } from "./notify-payload";

const defaultChannel = "homeostat_events";

export type PgEventRelayOptions = {
  channel?: string;
  /** First and longest wait before reconnecting; the wait doubles after each failure. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Payload size per notification (tests make it small to exercise splitting). */
  maxPayloadBytes?: number;
};

/**
 * Live events between replicas on one PostgreSQL server: one dedicated connection per process
 * LISTENs on a channel and sends this instance's events with pg_notify, tagged with its id;
 * what arrives from the others is delivered to this instance's streams, its own echo ignored.
 *
 * When the connection drops the streams are told their view may be stale, and the relay
 * reconnects with a doubling backoff. Once back, the streams are told to resync (anything the
 * others said meanwhile is gone: NOTIFY keeps nothing for absent listeners), and if some of
 * this instance's own events could not be sent, the other replicas are told to resync too.
 */
export class PgEventRelay implements EventRelay {
  readonly instanceId = randomBytes(8).toString("hex");
  private readonly channel: string;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxPayloadBytes: number | undefined;
  private readonly assembler = new ChunkAssembler();
  private client: pg.Client | null = null;
  private backoffMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private everLinked = false;
  private unsent = 0;
  private sequence = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly url: string,
    options: PgEventRelayOptions = {},
  ) {
    this.channel = options.channel ?? defaultChannel;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`invalid channel name ${this.channel}`);
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.maxPayloadBytes = options.maxPayloadBytes;
    this.backoffMs = this.minBackoffMs;
  }

  get linked(): boolean {
    return this.client !== null;
  }

  /** Resolves after the first attempt to connect, linked or not: a failed attempt keeps
   * retrying in the background. */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  send(event: LiveEvent): void {
    const client = this.client;
    if (!client) {
      this.unsent += 1;
      return;
    }
    const messageId = (this.sequence++).toString(36);
    const payloads = encodeNotifications(this.instanceId, messageId, event, this.maxPayloadBytes);
    // One statement: the chunks of an event commit, and are delivered, together.
    client.query("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", [this.channel, payloads]).catch((error: unknown) => {
      this.unsent += 1;
      log.warn("live event not relayed to the other replicas", { error: (error as Error).message });
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: `homeostat-events ${this.instanceId}` });
    let gone = false;
    const onGone = (error?: Error) => {
      if (gone) return;
      gone = true;
      void client.end().catch(() => undefined);
      if (this.client === client) {
        this.client = null;
        this.assembler.clear();
        log.warn("live events from other replicas interrupted; reconnecting", { error: error?.message });
        this.bus.deliver({ type: "stale" });
      }
      this.scheduleReconnect();
    };
    client.on("error", onGone);
    client.on("end", () => onGone());
    client.on("notification", (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      onGone(error as Error);
      return;
    }
    if (gone) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = this.minBackoffMs;
    if (this.everLinked) log.info("live events from other replicas restored");
    this.everLinked = true;
    this.bus.deliver({ type: "resync" });
    if (this.unsent > 0) {
      this.unsent = 0;
      this.send({ type: "resync" });
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer !== undefined) return;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, wait);
    this.timer.unref();
  }

  private receive(payload: string): void {
    const chunk = decodeNotification(payload);
    if (!chunk || chunk.origin === this.instanceId) return;
    const json = this.assembler.add(chunk);
    if (json === null) return;
    let parsed;
    try {
      parsed = liveEventSchema.safeParse(JSON.parse(json));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      log.warn("ignored a malformed live event from another replica", { origin: chunk.origin });
      return;
    }
    this.bus.deliver(parsed.data);
  }
}

const key = Symbol.for("homeostat.events.relay");

/** Links the process-wide bus to the other replicas on this PostgreSQL server, once per
 * process. Returns the relay so the caller can stop it on shutdown. */
export async function linkReplicas(url: string): Promise<PgEventRelay> {
  const holder = globalThis as { [key]?: PgEventRelay };
  if (!holder[key]) {
    const relay = new PgEventRelay(eventBus(), url);
    holder[key] = relay;
    eventBus().attach(relay);
    await relay.start();
  }
  return holder[key];
}

import { EventEmitter } from "node:events";
import type { LiveEvent } from "@/lib/events/live-events";

// Fan-out of live events to the open streams of this instance and, with a PostgreSQL server,
// to the other replicas (a relay over LISTEN/NOTIFY, see pg-event-relay.ts). One per process,
// on globalThis, because Next.js bundles route handlers apart from the server that starts the
// loop.

/** Carries this instance's events to the other replicas. */
export type EventRelay = {
  send(event: LiveEvent): void;
  /** Whether events from the other replicas reach this instance right now. */
  readonly linked: boolean;
};

/**
 * Which events the other replicas need. The fleet's view is per replica by nature: every
 * replica runs its own Monitor over the same sources and publishes its own view every tick,
 * so relaying it would hand each browser two interleaved views. Hints that something changed
 * in the database (plans, incidents, faults, automation) are what a browser on another
 * replica would otherwise miss. `stale`/`resync` describe this instance's own link.
 */
export function fansOut(event: LiveEvent): boolean {
  return event.type === "changed";
}

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private relay: EventRelay | null = null;

  /** To this instance's streams at once, and to the other replicas when it fans out. */
  publish(event: LiveEvent): void {
    this.emitter.emit("event", event);
    if (this.relay && fansOut(event)) this.relay.send(event);
  }

  /** To this instance's streams only: events that came from another replica, and news about
   * the link itself. */
  deliver(event: LiveEvent): void {
    this.emitter.emit("event", event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  subscriberCount(): number {
    return this.emitter.listenerCount("event");
  }

  attach(relay: EventRelay | null): void {
    this.relay = relay;
  }

  /** False while a relay exists but cannot hear the other replicas: a stream opened now must
   * be told that what it shows may miss changes made elsewhere. */
  get linked(): boolean {
    return this.relay?.linked ?? true;
  }
}

const key = Symbol.for("homeostat.events");

/** The process-wide bus. */
export function eventBus(): EventBus {
  const holder = globalThis as { [key]?: EventBus };
  holder[key] ??= new EventBus();
  return holder[key];
}

export function publish(event: LiveEvent): void {
  eventBus().publish(event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  return eventBus().subscribe(listener);
}

export function subscriberCount(): number {
  return eventBus().subscriberCount();
}

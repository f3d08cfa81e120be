import { EventEmitter } from "node:events";
import type { LiveEvent } from "@/lib/events/live-events";

// In-process fan-out of live events to the open streams of this instance. One per process,
// on globalThis, because Next.js bundles route handlers apart from the server that starts the
// loop. (Across replicas each instance streams what it sees itself.)

const key = Symbol.for("homeostat.events");

function bus(): EventEmitter {
  const holder = globalThis as { [key]?: EventEmitter };
  holder[key] ??= new EventEmitter().setMaxListeners(0);
  return holder[key];
}

export function publish(event: LiveEvent): void {
  bus().emit("event", event);
}

export function subscribe(listener: (event: LiveEvent) => void): () => void {
  bus().on("event", listener);
  return () => bus().off("event", listener);
}

export function subscriberCount(): number {
  return bus().listenerCount("event");
}

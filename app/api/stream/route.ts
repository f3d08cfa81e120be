import { eventBus } from "@/lib/server/events/event-bus";
import { withPermission } from "@/lib/server/http/with-permission";
import { fleetView } from "@/lib/server/monitor/fleet-view";
import { monitorHost } from "@/lib/server/monitor/monitor-host";

export const dynamic = "force-dynamic";

const heartbeatMs = 15_000;

/** Live events as Server-Sent Events: the fleet's view on every Monitor tick and hints when
 * plans, incidents or faults change (here or, with a PostgreSQL server, on another replica).
 * The first event is the current fleet, so a client that reconnects after a restart is in
 * sync at once. */
export const GET = withPermission("fleet.read", { route: "/api/stream" }, ({ req }) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (data: unknown) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
      controller.enqueue(encoder.encode(`retry: 2000\n\n`));
      send({ type: "fleet", view: fleetView(monitorHost(), Date.now()) });
      const bus = eventBus();
      const unsubscribe = bus.subscribe(send);
      // Cut off from the other replicas: say so now; a `resync` follows when the link is back.
      if (!bus.linked) send({ type: "stale" });
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(`: keep-alive\n\n`)), heartbeatMs);
      heartbeat.unref(); // an open stream must not keep a stopping process alive
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return Promise.resolve(
    new Response(stream, { headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" } }),
  );
});

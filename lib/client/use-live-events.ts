"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { liveEventSchema } from "@/lib/events/live-events";
import type { FleetView } from "@/lib/validations/fleet";
import { mergeFleetView } from "./merge-fleet-view";
import { queryKeys } from "./query-keys";

export type LiveStatus = "connecting" | "live" | "reconnecting";

/** Opens the live channel once for the page and writes what arrives into the query cache:
 * the fleet's view directly, other topics as invalidations. After a dropped connection (a
 * server restart) EventSource reconnects by itself; on reconnecting everything is refetched,
 * so nothing missed while away stays stale. The server says the same when it loses, then
 * regains, its link to the other replicas (`stale`, then `resync`). */
export function useLiveEvents(): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/stream");
    let dropped = false;
    source.onopen = () => {
      setStatus("live");
      if (dropped) void queryClient.invalidateQueries();
      dropped = false;
    };
    source.onerror = () => {
      dropped = true;
      setStatus("reconnecting");
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = liveEventSchema.safeParse(JSON.parse(message.data));
      if (!parsed.success) return;
      const event = parsed.data;
      if (event.type === "stale") {
        setStatus("reconnecting");
        return;
      }
      if (event.type === "resync") {
        setStatus("live");
        void queryClient.invalidateQueries();
        return;
      }
      if (event.type === "fleet") {
        // Every range's view takes the push (see mergeFleetView), whatever its refresh.
        queryClient.setQueriesData<FleetView>({ queryKey: ["fleet"] }, (old) => (old ? mergeFleetView(old, event.view) : old));
        queryClient.setQueryData(queryKeys.fleet(), event.view);
        return;
      }
      for (const topic of event.topics) {
        if (topic === "plans") void queryClient.invalidateQueries({ queryKey: ["plans"] });
        if (topic === "incidents") void queryClient.invalidateQueries({ queryKey: queryKeys.incidents() });
        // The KPIs and the cascade's plans change only with plans and incidents: a push is
        // what keeps them current when the overview's refresh is off.
        if (topic === "plans" || topic === "incidents") {
          void queryClient.invalidateQueries({ queryKey: ["kpis"] });
          void queryClient.invalidateQueries({ queryKey: queryKeys.cascade() });
        }
        if (topic === "faults") void queryClient.invalidateQueries({ queryKey: queryKeys.faults() });
        if (topic === "automation") void queryClient.invalidateQueries({ queryKey: queryKeys.automation() });
      }
    };
    return () => source.close();
  }, [queryClient]);
  return status;
}

"use client";

import { useLiveEvents } from "@/lib/client/use-live-events";

/** Keeps the live channel open and says when it is down: the page stays usable and catches up
 * when the connection returns. */
export function LiveIndicator() {
  const status = useLiveEvents();
  return (
    <>
      <span className={`live-dot ${status}`} aria-live="polite" data-testid="live-status">
        {status === "live" ? "● live" : status === "connecting" ? "○ connecting" : "○ reconnecting"}
      </span>
      {status === "reconnecting" && (
        <div role="alert" className="reconnect-banner">
          Live updates interrupted; reconnecting. What you see may be out of date.
        </div>
      )}
    </>
  );
}

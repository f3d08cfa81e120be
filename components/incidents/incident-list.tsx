"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { ApiError, fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { incidentOutcomeLabels, type IncidentDto } from "@/lib/validations/incident";
import { IncidentFilters, shownBesideControls } from "./incident-filters";

const pageSize = 50;

/** Incidents, filterable by status, service, title words, period, outcome and who decided;
 * the filters live in the URL so a filtered list can be shared. Pages of 50, newest first. */
export function IncidentList() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  const incidents = useQuery({
    queryKey: [...queryKeys.incidents(), query],
    queryFn: () => fetchJson<IncidentDto[]>(`/api/v1/incidents${query ? `?${query}` : ""}`),
    refetchInterval: 5_000,
    retry: (count, error) => !(error instanceof ApiError && error.status === 422) && count < 3,
  });
  // The URL the last change asked for: a second change made before the router has applied the
  // first (Enter in one field, then a select) builds on it instead of on the older URL.
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (requested.current === query) requested.current = null;
  }, [query]);
  function setFilters(changes: Record<string, string>) {
    const next = new URLSearchParams(requested.current ?? query);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    // A changed filter starts from the newest again.
    if (!("before" in changes)) next.delete("before");
    if (next.toString() === (requested.current ?? query)) return;
    requested.current = next.toString();
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  }
  const issues = incidents.error instanceof ApiError ? incidents.error.issues : [];
  const rows = incidents.data ?? [];
  const last = rows[rows.length - 1];
  return (
    <>
      <IncidentFilters params={params} setFilters={setFilters} issues={issues} />
      {incidents.isError && !issues.some((i) => shownBesideControls.has(i.path)) && <p className="alert error">{incidents.error.message}</p>}
      <div className="table-scroll">
        <table aria-label="Incidents">
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Status</th>
              <th scope="col">Root cause</th>
              <th scope="col">Services</th>
              <th scope="col">Opened (UTC)</th>
              <th scope="col">Resolved</th>
              <th scope="col">Outcome</th>
              <th scope="col">Decided by</th>
              <th scope="col">Plans</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/incidents/${i.id}`}>
                    INC-{i.number} {i.title}
                  </Link>
                </td>
                <td>{i.status === "open" ? <span className="badge sev-open">open</span> : <span className="ok-text">resolved</span>}</td>
                <td>{i.rootService ?? "—"}</td>
                <td>{i.services.join(", ")}</td>
                <td className="mono">{i.openedAt.slice(0, 19).replace("T", " ")}</td>
                <td className="mono">{i.resolvedAt ? i.resolvedAt.slice(11, 19) : "—"}</td>
                <td>{i.outcomes.filter((o) => o !== "open").map((o) => incidentOutcomeLabels[o]).join("; ") || "—"}</td>
                <td>{i.deciders.join(", ") || <span className="muted">nobody</span>}</td>
                <td>{i.plans.map((p) => `P-${p.number} ${p.strategy} (${p.status})`).join("; ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {incidents.isSuccess && rows.length === 0 && <p className="muted">No incidents match.</p>}
      <div className="form-row">
        {params.has("before") && (
          <button type="button" onClick={() => setFilters({ before: "" })}>
            Newest incidents
          </button>
        )}
        {last && rows.length >= Number(params.get("limit") ?? pageSize) && (
          <button type="button" onClick={() => setFilters({ before: String(last.number) })}>
            Older incidents
          </button>
        )}
      </div>
    </>
  );
}

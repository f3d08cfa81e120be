"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { IncidentDto } from "@/lib/validations/incident";

/** Incidents, filterable by status, service and words in the title; the filters live in the
 * URL so a filtered list can be shared. */
export function IncidentList() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  const incidents = useQuery({
    queryKey: [...queryKeys.incidents(), query],
    queryFn: () => fetchJson<IncidentDto[]>(`/api/v1/incidents${query ? `?${query}` : ""}`),
    refetchInterval: 5_000,
  });
  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}?${next.toString()}`);
  }
  return (
    <>
      <div className="form-row" role="search">
        <label>
          Status
          <select value={params.get("status") ?? ""} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">any</option>
            <option value="open">open</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
        <label>
          Service
          <input defaultValue={params.get("service") ?? ""} onBlur={(e) => setFilter("service", e.target.value.trim())} />
        </label>
        <label>
          Search
          <input defaultValue={params.get("q") ?? ""} onBlur={(e) => setFilter("q", e.target.value.trim())} />
        </label>
      </div>
      {incidents.isError && <p className="alert error">{incidents.error.message}</p>}
      <table aria-label="Incidents">
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Status</th>
            <th scope="col">Root cause</th>
            <th scope="col">Services</th>
            <th scope="col">Opened (UTC)</th>
            <th scope="col">Resolved</th>
            <th scope="col">Plans</th>
          </tr>
        </thead>
        <tbody>
          {incidents.data?.map((i) => (
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
              <td>{i.plans.map((p) => `P-${p.number} ${p.strategy} (${p.status})`).join("; ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {incidents.data?.length === 0 && <p className="muted">No incidents match.</p>}
    </>
  );
}

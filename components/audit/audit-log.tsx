"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { AuditEventDto } from "@/lib/validations/audit";

type Verdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: string; reason: string };

export function AuditLog() {
  const [before, setBefore] = useState<string | undefined>(undefined);
  const page = useQuery({
    queryKey: queryKeys.audit(before ?? "latest"),
    queryFn: () => fetchJson<AuditEventDto[]>(`/api/v1/audit?limit=100${before ? `&before=${before}` : ""}`),
  });
  const verify = useMutation({ mutationFn: () => fetchJson<Verdict>("/api/v1/audit/verify") });
  return (
    <>
      <div className="form-row">
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          Verify the chain
        </button>
        {verify.data && (
          <p role="status" className={verify.data.ok ? "ok-text" : "alert error"}>
            {verify.data.ok ? `Chain intact: ${verify.data.rows} rows verified.` : `Chain broken at row ${verify.data.brokenAt}: ${verify.data.reason}.`}
          </p>
        )}
      </div>
      <table aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.map((e) => (
            <tr key={e.seq}>
              <td className="num">{e.seq}</td>
              <td className="mono">{e.at.slice(0, 19).replace("T", " ")}</td>
              <td>{e.actor}</td>
              <td className="mono">{e.action}</td>
              <td>{e.target ?? "—"}</td>
              <td className="mono muted">{JSON.stringify(e.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row">
        {before && (
          <button type="button" onClick={() => setBefore(undefined)}>
            Newest
          </button>
        )}
        {page.data && page.data.length === 100 && (
          <button type="button" onClick={() => setBefore(page.data[page.data.length - 1]!.seq)}>
            Older
          </button>
        )}
      </div>
    </>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { PolicyVersionDto } from "@/lib/validations/policy";
import { DiffView } from "./diff-view";

export function PolicyHistory({ versions, canRestore, onRestored }: { versions: PolicyVersionDto[]; canRestore: boolean; onRestored: () => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);
  const live = versions[0];
  const restore = useMutation({
    mutationFn: (version: number) => fetchJson<PolicyVersionDto>(`/api/v1/policies/${version}/restore`, { method: "POST", body: { baseVersion: live?.version ?? 0 } }),
    onSuccess: () => {
      onRestored();
      void queryClient.invalidateQueries({ queryKey: queryKeys.policies() });
    },
  });
  return (
    <>
      <h2>Versions</h2>
      {restore.isError && <p className="alert error">{restore.error.message}</p>}
      <table aria-label="Policy versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Author</th>
            <th scope="col">Saved</th>
            <th scope="col">Comment</th>
            <th scope="col">
              <span className="skip-link">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="num">
                v{v.version} {v === live && <span className="badge">live</span>}
              </td>
              <td>{v.author}</td>
              <td className="mono muted">{v.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td>{v.comment ?? (v.restoredFrom ? `restored v${v.restoredFrom}` : "")}</td>
              <td>
                <button type="button" onClick={() => setOpen(open === v.version ? null : v.version)} aria-expanded={open === v.version}>
                  {open === v.version ? "Hide" : "Show"} changes of v{v.version}
                </button>{" "}
                {canRestore && v !== live && (
                  <button type="button" onClick={() => restore.mutate(v.version)} disabled={restore.isPending}>
                    Restore v{v.version}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && <DiffView unified={versions.find((v) => v.version === open)?.diff ?? ""} />}
    </>
  );
}

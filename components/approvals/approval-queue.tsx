"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { PlanDto } from "@/lib/validations/plan";
import { PlanCard } from "./plan-card";

type Decision = { plan: PlanDto; kind: "approve" | "veto"; text: string };

/** Plans waiting for a decision, newest first, refreshed live. Keyboard: j/k move, a approve,
 * v veto (asks for the reason), ? help. The decision carries the hash and version shown on
 * screen, so a plan that changed or expired meanwhile is refused (409) rather than approved. */
export function ApprovalQueue({ canDecide }: { canDecide: boolean }) {
  const queryClient = useQueryClient();
  const plans = useQuery({ queryKey: queryKeys.plans("proposed"), queryFn: () => fetchJson<PlanDto[]>("/api/v1/plans?status=proposed"), refetchInterval: 15_000 });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Decision | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, []);

  const list = plans.data ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? list[0];

  const decide = useMutation({
    mutationFn: (d: Decision) =>
      fetchJson<{ status: string; effect: string }>(`/api/v1/plans/${d.plan.id}/${d.kind}`, {
        method: "POST",
        body: d.kind === "approve" ? { planHash: d.plan.contentHash, planVersion: d.plan.version, comment: d.text.trim() || undefined } : { reason: d.text },
      }),
    onSuccess: (r, d) => {
      setMessage(`P-${d.plan.number}: ${r.effect.replace(/-/g, " ")}.`);
      setDialog(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.plans("proposed") });
    },
    onError: (error, d) => setMessage(`P-${d.plan.number}: ${error.message}`),
  });

  const move = useCallback(
    (delta: number) => {
      if (list.length === 0) return;
      const i = Math.max(0, list.findIndex((p) => p.id === selected?.id));
      setSelectedId(list[Math.min(list.length - 1, Math.max(0, i + delta))]!.id);
    },
    [list, selected],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (dialog || e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.metaKey || e.ctrlKey) return;
      if (e.key === "j") move(1);
      else if (e.key === "k") move(-1);
      else if (e.key === "?") setHelp((h) => !h);
      else if (canDecide && selected && (e.key === "a" || e.key === "v")) {
        e.preventDefault();
        setDialog({ plan: selected, kind: e.key === "a" ? "approve" : "veto", text: "" });
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialog, move, canDecide, selected]);

  useEffect(() => {
    if (dialog) textRef.current?.focus();
  }, [dialog]);

  if (plans.isPending) return <p className="muted">Loading the queue…</p>;
  if (plans.isError) return <p className="alert error">{plans.error.message}</p>;
  return (
    <>
      <p className="muted">
        {list.length} plan{list.length === 1 ? "" : "s"} waiting · keys: j/k move{canDecide ? ", a approve, v veto" : ""}, ? help
      </p>
      {help && (
        <div className="alert" role="note">
          j / k: next / previous plan. {canDecide ? "a: approve (optional comment). v: veto (reason required). " : ""}Esc closes a dialog.
        </div>
      )}
      {message && (
        <p role="status" className="alert">
          {message}
        </p>
      )}
      {list.length === 0 && <p className="panel muted">Nothing is waiting for a decision.</p>}
      <div className="plan-list">
        {list.map((plan) => (
          <div key={plan.id} onClick={() => setSelectedId(plan.id)}>
            <PlanCard plan={plan} now={now} selected={plan.id === selected?.id} />
            {canDecide && (
              <div className="plan-actions">
                <button type="button" className="danger" onClick={() => setDialog({ plan, kind: "veto", text: "" })}>
                  Veto P-{plan.number}… (v)
                </button>
                <button type="button" className="primary" onClick={() => setDialog({ plan, kind: "approve", text: "" })}>
                  Approve P-{plan.number} (a)
                </button>
              </div>
            )}
          </div>
        ))}
      </div>
      {dialog && (
        <div className="dialog-backdrop">
          <form
            role="dialog"
            aria-modal="true"
            aria-label={`${dialog.kind === "approve" ? "Approve" : "Veto"} P-${dialog.plan.number}`}
            className="panel dialog"
            onSubmit={(e) => {
              e.preventDefault();
              decide.mutate(dialog);
            }}
            onKeyDown={(e) => {
              if (e.key === "Escape") setDialog(null);
            }}
          >
            <h2>
              {dialog.kind === "approve" ? "Approve" : "Veto"} P-{dialog.plan.number}: {dialog.plan.proposal.strategy.replace(/-/g, " ")} on {dialog.plan.service}
            </h2>
            <label>
              {dialog.kind === "approve" ? "Comment (optional)" : "Reason (required)"}
              <textarea ref={textRef} rows={3} value={dialog.text} required={dialog.kind === "veto"} onChange={(e) => setDialog({ ...dialog, text: e.target.value })} />
            </label>
            <div className="plan-actions">
              <button type="button" onClick={() => setDialog(null)}>
                Cancel
              </button>
              <button type="submit" className={dialog.kind === "approve" ? "primary" : "danger"} disabled={decide.isPending || (dialog.kind === "veto" && !dialog.text.trim())}>
                {dialog.kind === "approve" ? "Approve" : "Veto"}
              </button>
            </div>
          </form>
        </div>
      )}
    </>
  );
}

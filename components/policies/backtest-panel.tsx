"use client";

import { useMutation } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { FieldError } from "@/components/ui/field-errors";
import { ApiError, fetchJson, type FieldIssue } from "@/lib/client/fetch-json";
import { toUtcInput } from "@/lib/client/utc-input";
import type { BacktestInput, BacktestResult } from "@/lib/validations/policy";
import { BacktestReportView } from "./backtest-report-view";
import { isRelativePeriod, periodLabels, resolvePeriod, type PeriodChoice } from "./backtest-period";

const periodFields = new Set(["from", "to"]);

/** Replays the draft over a recorded period (the period lives in the URL, so a backtest can be
 * shared) and shows the report. Only for roles that may backtest; nothing here is saved. */
export function BacktestPanel({ yaml, draftOk, canBacktest }: { yaml: string; draftOk: boolean; canBacktest: boolean }) {
  if (!canBacktest) return <p className="muted">Backtesting a draft needs the operator role or above.</p>;
  return <BacktestControls yaml={yaml} draftOk={draftOk} />;
}

function BacktestControls({ yaml, draftOk }: { yaml: string; draftOk: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const initial = params.get("period");
  const [choice, setChoice] = useState<PeriodChoice>(() => ({
    kind: isRelativePeriod(initial) || initial === "custom" ? initial : "24h",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  }));
  // Custom times start as the last 24 h, filled in on choosing them (not at render: the
  // server's clock and the browser's would disagree while hydrating).
  function choose(kind: PeriodChoice["kind"]) {
    const now = Date.now();
    setChoice({ kind, from: choice.from || toUtcInput(now - 86_400_000), to: choice.to || toUtcInput(now) });
  }
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [result, setResult] = useState<{ report: BacktestResult; yaml: string } | null>(null);
  const run = useMutation({
    mutationFn: (body: BacktestInput) => fetchJson<BacktestResult>("/api/v1/policies/backtest", { method: "POST", body }),
    onSuccess: (report, body) => {
      setResult({ report, yaml: body.yaml });
      setIssues([]);
    },
    onError: (error) => setIssues(error instanceof ApiError ? error.issues : []),
  });

  function start() {
    const period = resolvePeriod(choice, Date.now());
    if ("issues" in period) {
      setIssues(period.issues);
      return;
    }
    const next = new URLSearchParams(params);
    next.set("period", choice.kind);
    if (choice.kind === "custom") {
      next.set("from", choice.from);
      next.set("to", choice.to);
    } else {
      next.delete("from");
      next.delete("to");
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    setIssues([]);
    run.mutate({ yaml, ...period });
  }

  const draftIssues = issues.filter((i) => !periodFields.has(i.path));
  const invalid = (path: string) => issues.some((i) => i.path === path);
  return (
    <>
      <div className="form-row">
        <label>
          Period
          <select value={choice.kind} onChange={(e) => choose(e.target.value as PeriodChoice["kind"])}>
            {Object.entries(periodLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {choice.kind === "custom" && (
          <>
            <label>
              From (UTC)
              <input type="datetime-local" value={choice.from} onChange={(e) => setChoice({ ...choice, from: e.target.value })} aria-invalid={invalid("from")} aria-describedby="backtest-from-error" />
              <FieldError issues={issues} path="from" id="backtest-from-error" />
            </label>
            <label>
              To (UTC)
              <input type="datetime-local" value={choice.to} onChange={(e) => setChoice({ ...choice, to: e.target.value })} aria-invalid={invalid("to")} aria-describedby="backtest-to-error" />
              <FieldError issues={issues} path="to" id="backtest-to-error" />
            </label>
          </>
        )}
        <button type="button" onClick={start} disabled={!draftOk || run.isPending} aria-describedby="backtest-draft-note">
          {run.isPending ? "Backtesting…" : "Backtest draft"}
        </button>
      </div>
      <div id="backtest-draft-note" aria-live="polite">
        {!draftOk && <p className="muted">Fix the draft&apos;s errors to backtest it.</p>}
        {draftIssues.length > 0 && (
          <ul className="error-list" aria-label="Backtest errors">
            {draftIssues.map((i, n) => (
              <li key={n}>
                {i.line !== undefined && <span className="mono">line {i.line} </span>}
                {i.path}: {i.message}
              </li>
            ))}
          </ul>
        )}
        {run.isError && issues.length === 0 && <p className="alert error">{run.error.message}</p>}
      </div>
      {result && <BacktestReportView report={result.report} stale={result.yaml !== yaml} />}
    </>
  );
}

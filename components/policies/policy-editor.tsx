"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { PolicyErrorDto, PolicyVersionDto } from "@/lib/validations/policy";
import { BacktestPanel } from "./backtest-panel";
import { DiffView } from "./diff-view";
import { PolicyHistory } from "./policy-history";

type Validation = { ok: boolean; errors: PolicyErrorDto[]; liveVersion: number; diff: { unified: string; added: number; removed: number } };

/** YAML on the left with schema errors on their lines; the diff against the live version on
 * the right and the draft's backtest under it; publishing for admins. Every keystroke is
 * validated by the server's own schema. */
export function PolicyEditor({ canPublish, canBacktest }: { canPublish: boolean; canBacktest: boolean }) {
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: queryKeys.policies(), queryFn: () => fetchJson<PolicyVersionDto[]>("/api/v1/policies") });
  const live = versions.data?.[0];
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? live?.yaml ?? "";
  const validation = useDebouncedValidation(text, live !== undefined);
  const [message, setMessage] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: () => fetchJson<PolicyVersionDto>("/api/v1/policies", { method: "POST", body: { yaml: text, baseVersion: live?.version ?? 0 } }),
    onSuccess: (saved) => {
      setMessage(`Published version ${saved.version}.`);
      setDraft(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.policies() });
    },
    onError: (error) => setMessage(error.message),
  });
  const errorsByLine = useMemo(() => {
    const map = new Map<number, string[]>();
    for (const e of validation?.errors ?? []) map.set(e.line, [...(map.get(e.line) ?? []), e.message]);
    return map;
  }, [validation]);

  if (versions.isPending) return <p className="muted">Loading policies…</p>;
  if (versions.isError) return <p className="alert error">{versions.error.message}</p>;
  const lines = text.split("\n");
  const changed = validation !== null && validation.diff.added + validation.diff.removed > 0;

  return (
    <>
      <div className="grid-2">
        <section aria-label="Draft policy">
          <h2>
            Draft <span className="muted">· based on live version {live?.version}</span>
          </h2>
          <div className="editor">
            <ol className="gutter mono" aria-hidden="true">
              {lines.map((_, i) => (
                <li key={i} className={errorsByLine.has(i + 1) ? "error-line" : undefined} title={errorsByLine.get(i + 1)?.join("\n")}>
                  {i + 1}
                </li>
              ))}
            </ol>
            <textarea
              aria-label="Policy YAML"
              className="mono"
              spellCheck={false}
              value={text}
              rows={Math.max(20, lines.length + 1)}
              onChange={(e) => setDraft(e.target.value)}
              aria-invalid={validation?.ok === false}
              aria-describedby="policy-errors"
            />
          </div>
          <div id="policy-errors" aria-live="polite">
            {validation?.ok === false ? (
              <ul className="error-list" aria-label="Policy errors">
                {validation.errors.map((e, i) => (
                  <li key={i}>
                    <span className="mono">line {e.line}</span> {e.path.join(".") || "(document)"}: {e.message}
                  </li>
                ))}
              </ul>
            ) : (
              validation && <p className="muted">Valid.</p>
            )}
          </div>
          {canPublish && (
            <button type="button" className="primary" disabled={!validation?.ok || !changed || publish.isPending} onClick={() => publish.mutate()}>
              Publish as version {(live?.version ?? 0) + 1}
            </button>
          )}
          {draft !== null && (
            <button type="button" onClick={() => setDraft(null)}>
              Discard draft
            </button>
          )}
          {message && (
            <p role="status" className="alert">
              {message}
            </p>
          )}
        </section>
        <section aria-label="Changes against the live version">
          <h2>
            Changes against live{" "}
            {validation && (
              <span className="muted mono">
                +{validation.diff.added} −{validation.diff.removed}
              </span>
            )}
          </h2>
          <DiffView unified={validation?.diff.unified ?? ""} />
          <h2>Backtest against recorded cycles</h2>
          <BacktestPanel yaml={text} draftOk={validation?.ok === true} canBacktest={canBacktest} />
        </section>
      </div>
      <PolicyHistory versions={versions.data} canRestore={canPublish} onRestored={() => setDraft(null)} />
    </>
  );
}

function useDebouncedValidation(text: string, enabled: boolean): Validation | null {
  const [result, setResult] = useState<Validation | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchJson<Validation>("/api/v1/policies/validate", { method: "POST", body: { yaml: text } })
        .then((v) => {
          if (!controller.signal.aborted) setResult(v);
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [text, enabled]);
  return result;
}

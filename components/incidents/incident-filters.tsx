"use client";

import { useState, type KeyboardEvent } from "react";
import { FieldError } from "@/components/ui/field-errors";
import type { FieldIssue } from "@/lib/client/fetch-json";
import { toUtcInput, utcInputToIso } from "@/lib/client/utc-input";
import { deciderKeywords, incidentOutcomeLabels, incidentOutcomes, incidentRanges } from "@/lib/validations/incident";

const rangeLabels: Record<keyof typeof incidentRanges, string> = { "1h": "last 1 h", "24h": "last 24 h", "7d": "last 7 days", "30d": "last 30 days" };

const deciderHints: Record<(typeof deciderKeywords)[number], string> = {
  policy: "auto-approved by a policy rule",
  human: "decided by any person",
  loop: "nobody decided (the loop alone)",
};

/** Issues these filters show beside their control (the list shows any other as an alert). */
export const shownBesideControls = new Set(["query.range", "query.from", "query.to", "query.outcome", "query.decider"]);

/** An unreadable time goes to the server as typed, so its 422 names the field. */
const toIso = (local: string) => utcInputToIso(local) ?? local;
const toLocal = (iso: string | null) => (iso ? toUtcInput(iso) : "");

/** Text filters apply on Enter or when the field is left, so typing does not refetch per key. */
function applyOnEnter(apply: (value: string) => void) {
  return (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") apply(e.currentTarget.value.trim());
  };
}

/** The incident list's filters, every one held in the URL. Server issues (422) show beside
 * the control they name. */
export function IncidentFilters({ params, setFilters, issues }: { params: URLSearchParams; setFilters: (changes: Record<string, string>) => void; issues: FieldIssue[] }) {
  const [custom, setCustom] = useState(params.has("from") || params.has("to"));
  const set = (name: string) => (value: string) => setFilters({ [name]: value });
  const invalid = (name: string) => issues.some((i) => i.path === `query.${name}`);
  const period = custom ? "custom" : (params.get("range") ?? "");
  return (
    <div className="form-row" role="search" aria-label="Filter incidents">
      <label>
        Status
        <select value={params.get("status") ?? ""} onChange={(e) => set("status")(e.target.value)}>
          <option value="">any</option>
          <option value="open">open</option>
          <option value="resolved">resolved</option>
        </select>
      </label>
      <label>
        Service
        <input defaultValue={params.get("service") ?? ""} onBlur={(e) => set("service")(e.target.value.trim())} onKeyDown={applyOnEnter(set("service"))} />
      </label>
      <label>
        Search
        <input defaultValue={params.get("q") ?? ""} onBlur={(e) => set("q")(e.target.value.trim())} onKeyDown={applyOnEnter(set("q"))} />
      </label>
      <label>
        Period
        <select
          value={period}
          aria-invalid={invalid("range")}
          aria-describedby="incident-range-error"
          onChange={(e) => {
            const value = e.target.value;
            setCustom(value === "custom");
            setFilters(value === "custom" ? { range: "" } : { range: value, from: "", to: "" });
          }}
        >
          <option value="">any time</option>
          {Object.entries(rangeLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="custom">from … to …</option>
        </select>
        <FieldError issues={issues} path="query.range" id="incident-range-error" />
      </label>
      {custom && (
        <>
          <label>
            From (UTC)
            <input type="datetime-local" defaultValue={toLocal(params.get("from"))} onBlur={(e) => set("from")(toIso(e.target.value))} onKeyDown={applyOnEnter((v) => set("from")(toIso(v)))} aria-invalid={invalid("from")} aria-describedby="incident-from-error" />
            <FieldError issues={issues} path="query.from" id="incident-from-error" />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" defaultValue={toLocal(params.get("to"))} onBlur={(e) => set("to")(toIso(e.target.value))} onKeyDown={applyOnEnter((v) => set("to")(toIso(v)))} aria-invalid={invalid("to")} aria-describedby="incident-to-error" />
            <FieldError issues={issues} path="query.to" id="incident-to-error" />
          </label>
        </>
      )}
      <label>
        Outcome
        <select value={params.get("outcome") ?? ""} onChange={(e) => set("outcome")(e.target.value)} aria-invalid={invalid("outcome")} aria-describedby="incident-outcome-error">
          <option value="">any</option>
          {incidentOutcomes.map((o) => (
            <option key={o} value={o}>
              {incidentOutcomeLabels[o]}
            </option>
          ))}
        </select>
        <FieldError issues={issues} path="query.outcome" id="incident-outcome-error" />
      </label>
      <label>
        Decided by
        <input
          list="incident-deciders"
          placeholder="user, policy, rule:<id>, human, loop"
          defaultValue={params.get("decider") ?? ""}
          onBlur={(e) => set("decider")(e.target.value.trim())}
          onKeyDown={applyOnEnter(set("decider"))}
          aria-invalid={invalid("decider")}
          aria-describedby="incident-decider-error"
        />
        <FieldError issues={issues} path="query.decider" id="incident-decider-error" />
      </label>
      <datalist id="incident-deciders">
        {deciderKeywords.map((k) => (
          <option key={k} value={k}>
            {deciderHints[k]}
          </option>
        ))}
      </datalist>
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fetchJson, type FieldIssue } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { faultKinds } from "@/lib/sim/fleet-types";
import type { FleetView } from "@/lib/validations/fleet";
import type { FaultView } from "@/lib/validations/sim";
import { FieldError } from "@/components/ui/field-errors";

/** Inject a fault from the catalog, or play a scenario, against the live simulated fleet. */
export function ChaosPanel() {
  const queryClient = useQueryClient();
  const fleet = useQuery({ queryKey: queryKeys.fleet(), queryFn: () => fetchJson<FleetView>("/api/v1/fleet") });
  const faults = useQuery({ queryKey: queryKeys.faults(), queryFn: () => fetchJson<FaultView[]>("/api/v1/sim/faults"), refetchInterval: 5_000 });
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const onError = (error: Error) => {
    setIssues(error instanceof ApiError ? error.issues : []);
    setMessage(error.message);
  };
  const inject = useMutation({
    mutationFn: (body: unknown) => fetchJson<FaultView>("/api/v1/sim/faults", { method: "POST", body }),
    onSuccess: (fault) => {
      setIssues([]);
      setMessage(`Injected ${fault.kind} (${fault.id}) on ${fault.service ?? fault.zone ?? "the fleet"}.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.faults() });
    },
    onError,
  });
  const scenario = useMutation({
    mutationFn: (text: string) => fetchJson<{ scenario: string; scheduled: number }>("/api/v1/sim/scenarios", { method: "POST", body: { scenario: text } }),
    onSuccess: (r) => {
      setIssues([]);
      setMessage(`Scenario "${r.scenario}" started: ${r.scheduled} events scheduled.`);
    },
    onError,
  });

  function onInject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const kind = form.get("kind") as string;
    const target = form.get("service") as string;
    inject.mutate(kind === "zone-loss" ? { kind, zone: target } : { kind, service: target });
  }

  function onScenario(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    scenario.mutate(new FormData(event.currentTarget).get("scenario") as string);
  }

  const services = fleet.data?.services.map((s) => s.name) ?? [];
  return (
    <>
      <div className="grid-2">
        <form onSubmit={onInject} className="panel" aria-label="Inject a fault">
          <h2>Inject a fault</h2>
          <div className="form-row">
            <label>
              Fault
              <select name="kind" aria-label="Fault">
                {faultKinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            <label>
              Target
              <select name="service" aria-label="Target" aria-describedby="target-error">
                {services.map((s) => (
                  <option key={s}>{s}</option>
                ))}
                <option value="zone-a">zone-a (zone loss)</option>
              </select>
              <FieldError issues={issues} path="service" id="target-error" />
            </label>
            <button type="submit" className="primary" disabled={inject.isPending}>
              Inject
            </button>
          </div>
        </form>
        <form onSubmit={onScenario} className="panel" aria-label="Run a scenario">
          <h2>Run a scenario</h2>
          <label>
            Scenario (YAML)
            <textarea name="scenario" rows={6} spellCheck={false} className="mono" defaultValue={exampleScenario} aria-describedby="scenario-error" />
          </label>
          <FieldError issues={issues} path="scenario" id="scenario-error" />
          <button type="submit" disabled={scenario.isPending}>
            Run scenario
          </button>
        </form>
      </div>
      {message && (
        <p role="status" className="alert">
          {message}
        </p>
      )}
      <h2>Injected faults (ground truth)</h2>
      <table aria-label="Injected faults">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Kind</th>
            <th scope="col">Root cause</th>
            <th scope="col">Onset</th>
            <th scope="col">Healed by</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {[...(faults.data ?? [])].reverse().map((f) => (
            <tr key={f.id}>
              <td className="mono">{f.id}</td>
              <td>{f.kind}</td>
              <td>{f.service ?? f.zone ?? "—"}</td>
              <td className="mono">{new Date(f.onsetMs).toISOString().slice(11, 19)}</td>
              <td>{f.heals.join(", ")}</td>
              <td>{f.mitigatedAtMs ? `mitigated by ${f.mitigatedBy ?? "?"}` : f.endedAtMs ? "ended" : <span className="badge">active</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const exampleScenario = `name: cascade-drill
duration: 20m
events:
  - at: 10s
    fault: { kind: slow-dependency, service: payment, latencyMs: 1500 }
  - at: 5m
    fault: { kind: load-surge, service: frontend, factor: 2 }
`;

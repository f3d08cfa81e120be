import type { ChangedPlan } from "@/lib/policy/backtest-report";
import type { BacktestResult } from "@/lib/validations/policy";

const utc = (ms: number | string) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
const verdictLabel: Record<ChangedPlan["after"], string> = { auto: "auto-executed", approval: "asks a person", blocked: "blocked" };
const pct = (x: number) => `${Math.round(x * 100)}%`;

function signedSeconds(s: number): string {
  const abs = Math.abs(s);
  const text = abs >= 90 ? `${(abs / 60).toFixed(1)} min` : `${Math.round(abs)} s`;
  return `${s < 0 ? "−" : "+"}${text}`;
}

/** What a draft would have done over a recorded period, against what was done: the totals,
 * then each plan it would treat differently. Empty periods say so rather than show zeros. */
export function BacktestReportView({ report, stale }: { report: BacktestResult; stale: boolean }) {
  const { agreement, changes } = report;
  const decided = agreement.approvals.total + agreement.vetoes.total;
  const agreed = agreement.approvals.agreed + agreement.vetoes.agreed;
  const ttr = report.timeToRemediate;
  return (
    <section aria-label="Backtest report">
      <p className="muted mono">
        {utc(report.period.from)} → {utc(report.period.to)} UTC
        {report.period.replayedUntil && <> · only the cycles before {utc(report.period.replayedUntil)} were replayed (read limit)</>}
      </p>
      {stale && <p className="alert">The draft changed since this backtest: run it again for the current draft.</p>}
      {report.cycles === 0 ? (
        <p className="muted">No recorded cycles in this period.</p>
      ) : (
        <>
          <dl className="kpis" aria-label="Backtest totals">
            <div>
              <dt>cycles</dt>
              <dd className="mono">{report.cycles.toLocaleString("en")}</dd>
            </div>
            <div>
              <dt>plans</dt>
              <dd className="mono">{report.plans}</dd>
            </div>
            <div>
              <dt>would change</dt>
              <dd className="mono">{changes.total}</dd>
            </div>
            <div>
              <dt>auto-executions</dt>
              <dd className="mono">
                +{changes.autoGained} gained · −{changes.autoLost} lost
              </dd>
            </div>
            <div>
              <dt>agreement with past human decisions</dt>
              <dd className="mono">
                {agreement.rate === null ? "no human decisions" : `${pct(agreement.rate)} (${agreed} of ${decided})`}
              </dd>
            </div>
            {decided > 0 && (
              <div>
                <dt>approvals kept · vetoes respected</dt>
                <dd className="mono">
                  {agreement.approvals.agreed}/{agreement.approvals.total} · {agreement.vetoes.agreed}/{agreement.vetoes.total}
                </dd>
              </div>
            )}
            {ttr.meanChangeSeconds !== null && (
              <div>
                <dt>time to remediate</dt>
                <dd className="mono">
                  {signedSeconds(ttr.meanChangeSeconds)} mean over {ttr.incidents - ttr.notRemediatedByDraft}
                  {ttr.notRemediatedByDraft > 0 && ` · ${ttr.notRemediatedByDraft} no longer healed`}
                </dd>
              </div>
            )}
          </dl>
          {report.plans === 0 ? (
            <p className="muted">No plans were proposed in this period: nothing to compare.</p>
          ) : changes.total === 0 ? (
            <p className="muted">The draft would decide all {report.plans} plans as they were decided.</p>
          ) : (
            <ChangedPlansTable changes={changes} />
          )}
        </>
      )}
    </section>
  );
}

function ChangedPlansTable({ changes }: { changes: BacktestResult["changes"] }) {
  return (
    <>
      <div className="table-scroll">
        <table aria-label="Plans that would change">
          <thead>
            <tr>
              <th scope="col">Proposed (UTC)</th>
              <th scope="col">Service</th>
              <th scope="col">Strategy</th>
              <th scope="col">Recorded → draft</th>
              <th scope="col">Rule (draft)</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {changes.plans.map((c) => (
              <tr key={c.planId}>
                <td className="mono">{utc(c.at)}</td>
                <td>{c.service}</td>
                <td>{c.strategy}</td>
                <td>
                  {verdictLabel[c.before]}
                  {c.beforeRuleId && <span className="muted"> ({c.beforeRuleId})</span>} → <strong>{verdictLabel[c.after]}</strong>
                </td>
                <td className="mono">{c.ruleId ?? "—"}</td>
                <td className="muted">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {changes.plans.length < changes.total && (
        <p className="muted">
          Showing the first {changes.plans.length} of {changes.total} changed plans.
        </p>
      )}
    </>
  );
}

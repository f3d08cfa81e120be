import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { CycleRecord } from "@/lib/loop/cycle-record";
import { NotFoundError } from "@/lib/server/errors";
import { mergedIntoOf } from "./merged-into";

const hms = (d: Date | number) => new Date(d).toISOString().slice(11, 19);
const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A Markdown post-mortem of one incident: summary, the timeline of cycles collapsed to what
 * changed, and every plan with who decided what and why, and how it ended. */
export async function incidentPostmortem(prisma: PrismaClient, id: string): Promise<string> {
  const incident = await prisma.incident.findUnique({
    where: { id },
    include: { cycles: { orderBy: { tickAt: "asc" } }, plans: { orderBy: { createdAt: "asc" }, include: { decisions: true, executions: true } } },
  });
  if (!incident) throw new NotFoundError(`no incident with id ${id}`);
  const users = new Map((await prisma.user.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const who = (decider: string) => (decider.startsWith("user:") ? (users.get(decider.slice(5)) ?? decider) : decider);
  const merged = mergedIntoOf(incident.summary);
  const lines: string[] = [
    `# INC-${incident.number}: ${incident.title}`,
    "",
    `- Status: ${incident.status}`,
    `- Opened: ${incident.openedAt.toISOString()}${incident.resolvedAt ? ` · resolved ${incident.resolvedAt.toISOString()}` : ""}`,
    `- Root cause: ${incident.rootService ?? "unknown"} (${incident.failureClass ?? "unclassified"})`,
    `- Services involved: ${incident.services.join(", ") || "—"}`,
    ...(merged ? [`- Merged into INC-${merged.number}, which found the same root cause; its plans are listed there`] : []),
    "",
    "## Timeline",
    "",
    "| time (UTC) | observed | concluded | proposed / decided / verified |",
    "|---|---|---|---|",
  ];
  for (const c of incident.cycles) {
    const r = c.record as CycleRecord;
    const observed = r.observed.scores.slice(0, 3).map((s) => `${s.service} ${s.score.toFixed(2)}`).join(", ");
    const a = r.analyses[0];
    const concluded = a ? `${a.classification.failureClass} on ${a.classification.service} (${a.classification.confidence.toFixed(2)}); ranking ${a.ranking.slice(0, 3).map((x) => x.service).join(" > ")}` : "";
    const acted = [...r.plans.map((p) => `proposed ${p.proposal.strategy} on ${p.proposal.service}`), ...r.verifications.map((v) => `verified: ${v.verdict}`), ...r.steps.filter((s) => s.kind === "needs-human").map((s) => `needs a human: ${s.reason}`)].join("; ");
    if (observed || concluded || acted) lines.push(`| ${hms(c.tickAt)} | ${esc(observed)} | ${esc(concluded)} | ${esc(acted)} |`);
  }
  lines.push("", "## Plans and decisions", "");
  for (const p of incident.plans) {
    const proposal = (p.content as { proposal: { strategy: string; service: string; rationale: string[] } }).proposal;
    lines.push(`### P-${p.number}: ${proposal.strategy} on ${proposal.service} — ${p.status.replace("_", " ")}`, "");
    lines.push(`- Proposed ${hms(p.createdAt)} by ${p.requestedBy === "loop" ? "the loop" : who(`user:${p.requestedBy}`)}: ${proposal.rationale.join("; ") || "—"}`);
    for (const d of p.decisions) lines.push(`- ${d.kind.replace("_", "-")} by ${who(d.decider)} at ${hms(d.at)}${d.comment ? `: "${d.comment}"` : ""}`);
    for (const e of p.executions) lines.push(`- Executed ${hms(e.startedAt)}${e.finishedAt ? `–${hms(e.finishedAt)}` : ""}: ${e.status}`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

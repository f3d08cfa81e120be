import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { AutomationState, PauseInput, ResumeInput } from "@/lib/validations/automation";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { NotFoundError } from "@/lib/server/errors";
import { publish } from "@/lib/server/events/event-bus";

export async function automationState(prisma: PrismaClient): Promise<AutomationState> {
  const rows = await prisma.automationPause.findMany({ orderBy: { at: "asc" } });
  const dto = (r: (typeof rows)[number]) => ({ service: r.service, reason: r.reason, pausedBy: r.pausedBy, at: r.at.toISOString() });
  const global = rows.find((r) => r.service === "*");
  return {
    paused: global !== undefined,
    global: global ? { reason: global.reason, pausedBy: global.pausedBy, at: global.at.toISOString() } : null,
    services: rows.filter((r) => r.service !== "*").map(dto),
  };
}

/** Stops new executions at once: the executor checks the pause inside the transaction that
 * claims a plan, so nothing is claimed after this commits. Pausing twice keeps the first
 * record (who paused first, and why). */
export async function pauseAutomation(prisma: PrismaClient, input: PauseInput, actor: string, now: Date): Promise<AutomationState> {
  await prisma.$transaction(async (tx) => {
    const created = await tx.automationPause.createMany({ data: [{ service: input.service, reason: input.reason, pausedBy: actor, at: now }], skipDuplicates: true });
    if (created.count > 0) await appendAudit(tx, { actor, action: "automation.pause", target: input.service === "*" ? "global" : `service:${input.service}`, data: { reason: input.reason } }, now);
  });
  publish({ type: "changed", topics: ["automation"] });
  return automationState(prisma);
}

export async function resumeAutomation(prisma: PrismaClient, input: ResumeInput, actor: string, now: Date): Promise<AutomationState> {
  await prisma.$transaction(async (tx) => {
    const removed = await tx.automationPause.deleteMany({ where: { service: input.service } });
    if (removed.count === 0) throw new NotFoundError(input.service === "*" ? "automation is not paused" : `automation of ${input.service} is not paused`);
    await appendAudit(tx, { actor, action: "automation.resume", target: input.service === "*" ? "global" : `service:${input.service}`, data: { reason: input.reason ?? null } }, now);
  });
  publish({ type: "changed", topics: ["automation"] });
  return automationState(prisma);
}

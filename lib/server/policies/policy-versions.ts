import type { PolicyVersion, PrismaClient } from "@/lib/server/generated/prisma/client";
import { Prisma } from "@/lib/server/generated/prisma/client";
import { defaultPolicyYaml } from "@/lib/policy/default-policy";
import { prepareNewVersion } from "@/lib/policy/policy-versions";
import { validatePolicy, type PolicyError } from "@/lib/policy/validate-policy";
import type { Policy } from "@/lib/policy/policy-schema";
import type { PolicyVersionDto } from "@/lib/validations/policy";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { ConflictError, NotFoundError, UnprocessableError } from "@/lib/server/errors";

export class InvalidPolicyError extends UnprocessableError {
  constructor(errors: PolicyError[]) {
    super(errors.map((e) => ({ path: policyPath(e.path), message: e.message, line: e.line, column: e.column })));
  }
}

function policyPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

export function toPolicyVersionDto(row: PolicyVersion): PolicyVersionDto {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The live policy: the highest saved version, or the built-in conservative default (saved
 * as version 1 the first time anyone asks, so every version has an author and a diff). */
export async function livePolicyVersion(prisma: PrismaClient): Promise<PolicyVersion> {
  const latest = await prisma.policyVersion.findFirst({ orderBy: { version: "desc" } });
  if (latest) return latest;
  try {
    return await savePolicy(prisma, { yaml: defaultPolicyYaml, baseVersion: 0, comment: "built-in default" }, "system");
  } catch (error) {
    if (error instanceof ConflictError) return (await prisma.policyVersion.findFirst({ orderBy: { version: "desc" } }))!;
    throw error;
  }
}

export async function livePolicy(prisma: PrismaClient): Promise<{ version: number; policy: Policy }> {
  const row = await livePolicyVersion(prisma);
  const parsed = validatePolicy(row.yaml);
  if (!parsed.ok) throw new InvalidPolicyError(parsed.errors); // stored versions were validated on save
  return { version: row.version, policy: parsed.policy };
}

/** Saves a new version on top of `baseVersion`. Invalid documents are refused with every
 * error's path and line and nothing is stored; a save on a stale base is a conflict. */
export async function savePolicy(
  prisma: PrismaClient,
  input: { yaml: string; baseVersion: number; comment?: string; restoredFrom?: number },
  author: string,
): Promise<PolicyVersion> {
  try {
    return await prisma.$transaction(async (tx) => {
      const latest = await tx.policyVersion.findFirst({ orderBy: { version: "desc" } });
      if ((latest?.version ?? 0) !== input.baseVersion) {
        throw new ConflictError(`the policy is at version ${latest?.version ?? 0}, not ${input.baseVersion}: reload, review the changes and save again`);
      }
      const next = prepareNewVersion(latest, input.yaml);
      if (!next.ok) throw new InvalidPolicyError(next.errors);
      const row = await tx.policyVersion.create({
        data: { version: next.version, yaml: next.yaml, author, comment: input.comment ?? null, diff: next.diff.unified, restoredFrom: input.restoredFrom ?? null },
      });
      await appendAudit(tx, {
        actor: author,
        action: input.restoredFrom ? "policy.restore" : "policy.publish",
        target: `policy:v${next.version}`,
        data: { added: next.diff.added, removed: next.diff.removed, restoredFrom: input.restoredFrom ?? null },
      });
      return row;
    });
  } catch (error) {
    // Two saves on the same base: the version primary key lets exactly one win.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("another version was saved at the same moment: reload and save again");
    }
    throw error;
  }
}

export async function restorePolicy(prisma: PrismaClient, version: number, baseVersion: number, author: string, comment?: string): Promise<PolicyVersion> {
  const old = await prisma.policyVersion.findUnique({ where: { version } });
  if (!old) throw new NotFoundError(`no policy version ${version}`);
  return savePolicy(prisma, { yaml: old.yaml, baseVersion, comment: comment ?? `restore version ${version}`, restoredFrom: version }, author);
}

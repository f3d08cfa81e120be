import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { UpdateUserInput, UserDto } from "@/lib/validations/user";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { NotFoundError, RuleError } from "@/lib/server/errors";
import { toUserDto } from "./user-dto";

/** Changes a user's role or disables them. Takes effect on their next request, because every
 * request reads the user afresh. Refuses to leave the system without an enabled admin. */
export async function updateUser(prisma: PrismaClient, name: string, input: UpdateUserInput, actor: string): Promise<UserDto> {
  const user = await prisma.$transaction(async (tx) => {
    // Serialise admin changes so two concurrent demotions cannot both pass the last-admin check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x75e5})`;
    const before = await tx.user.findUnique({ where: { name } });
    if (!before) throw new NotFoundError(`no user named "${name}"`);
    const losesAdmin = before.role === "admin" && !before.disabled && ((input.role && input.role !== "admin") || input.disabled === true);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1) throw new RuleError(input.role ? "role" : "disabled", "this is the last enabled admin");
    }
    const after = await tx.user.update({ where: { name }, data: { role: input.role, disabled: input.disabled } });
    if (input.role && input.role !== before.role) {
      await appendAudit(tx, { actor, action: "user.role-change", target: `user:${name}`, data: { from: before.role, to: input.role } });
    }
    if (input.disabled !== undefined && input.disabled !== before.disabled) {
      await appendAudit(tx, { actor, action: input.disabled ? "user.disable" : "user.enable", target: `user:${name}` });
    }
    return after;
  });
  return toUserDto(user);
}

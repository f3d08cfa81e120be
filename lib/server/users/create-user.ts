import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { CreateUserInput, UserDto } from "@/lib/validations/user";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { hashPassword } from "@/lib/server/auth/password";
import { ConflictError } from "@/lib/server/errors";
import { toUserDto } from "./user-dto";

export async function createUser(prisma: PrismaClient, input: CreateUserInput, actor: string): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { name: input.name, passwordHash, role: input.role } });
      await appendAudit(tx, { actor, action: "user.create", target: `user:${created.name}`, data: { role: created.role } });
      return created;
    });
    return toUserDto(user);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`a user named "${input.name}" already exists`);
    }
    throw error;
  }
}

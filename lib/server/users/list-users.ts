import type { PrismaClient } from "@/lib/server/generated/prisma/client";
import type { UserDto } from "@/lib/validations/user";
import { toUserDto } from "./user-dto";

export async function listUsers(prisma: PrismaClient): Promise<UserDto[]> {
  const users = await prisma.user.findMany({ orderBy: { name: "asc" } });
  return users.map(toUserDto);
}

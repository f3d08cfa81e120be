import type { UserDto } from "@/lib/validations/user";
import type { User } from "@/lib/server/generated/prisma/client";

export function toUserDto(user: User): UserDto {
  return { id: user.id, name: user.name, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}

import type { PrismaClient, ApiToken, User } from "@/lib/server/generated/prisma/client";
import type { CreateTokenInput, CreatedTokenDto, TokenDto } from "@/lib/validations/token";
import { appendAudit } from "@/lib/server/audit/append-audit";
import { NotFoundError } from "@/lib/server/errors";
import { newTokenSecret } from "./token-secret";

function toTokenDto(token: ApiToken & { createdBy: Pick<User, "name"> }): TokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdBy: token.createdBy.name,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    useCount: token.useCount,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

export async function createToken(prisma: PrismaClient, input: CreateTokenInput, creatorName: string): Promise<CreatedTokenDto> {
  const { token, prefix, secretHash } = newTokenSecret();
  const created = await prisma.$transaction(async (tx) => {
    const creator = await tx.user.findUniqueOrThrow({ where: { name: creatorName } });
    const row = await tx.apiToken.create({
      data: { name: input.name, prefix, secretHash, scopes: input.scopes, createdById: creator.id },
      include: { createdBy: { select: { name: true } } },
    });
    await appendAudit(tx, { actor: `user:${creatorName}`, action: "token.create", target: `token:${prefix}`, data: { name: input.name, scopes: input.scopes } });
    return row;
  });
  return { ...toTokenDto(created), secret: token };
}

export async function listTokens(prisma: PrismaClient): Promise<TokenDto[]> {
  const rows = await prisma.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { createdBy: { select: { name: true } } } });
  return rows.map(toTokenDto);
}

/** Revoking is immediate: the next request with the token gets 401. Revoking twice is a no-op. */
export async function revokeToken(prisma: PrismaClient, id: string, actor: string): Promise<TokenDto> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, include: { createdBy: { select: { name: true } } } });
    if (!row) throw new NotFoundError(`no token with id ${id}`);
    if (row.revokedAt) return toTokenDto(row);
    const revoked = await tx.apiToken.update({
      where: { id },
      data: { revokedAt: new Date() },
      include: { createdBy: { select: { name: true } } },
    });
    await appendAudit(tx, { actor, action: "token.revoke", target: `token:${row.prefix}` });
    return toTokenDto(revoked);
  });
}

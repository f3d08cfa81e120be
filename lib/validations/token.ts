import { z } from "zod";
import { tokenScopes } from "@/lib/auth/permissions";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "is required").max(80),
  scopes: z.array(z.enum(tokenScopes)).min(1, "choose at least one scope"),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  useCount: z.number(),
  revokedAt: z.string().nullable(),
});
export type TokenDto = z.infer<typeof tokenSchema>;

/** Returned once, at creation: the only time the secret is visible. */
export const createdTokenSchema = tokenSchema.extend({ secret: z.string() });
export type CreatedTokenDto = z.infer<typeof createdTokenSchema>;

import { z } from "zod";
import { roles } from "@/lib/auth/permissions";

export const userNameSchema = z
  .string()
  .trim()
  .min(2, "must be at least 2 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "may contain letters, digits, dots, dashes and underscores");

export const passwordSchema = z.string().min(12, "must be at least 12 characters").max(256);

export const roleSchema = z.enum(roles);

export const createUserSchema = z.object({
  name: userNameSchema,
  password: passwordSchema,
  role: roleSchema.default("viewer"),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: "give a role or disabled" });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userSchema>;

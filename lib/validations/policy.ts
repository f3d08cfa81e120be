import { z } from "zod";

export const savePolicySchema = z.object({
  yaml: z.string().min(1, "is required"),
  /** The version the author edited; a save on top of a newer one is refused (409). */
  baseVersion: z.number().int().min(0),
  comment: z.string().trim().max(500).optional(),
});
export type SavePolicyInput = z.infer<typeof savePolicySchema>;

export const validatePolicyInputSchema = z.object({ yaml: z.string() });

export const restorePolicySchema = z.object({ baseVersion: z.number().int().min(0), comment: z.string().trim().max(500).optional() });

export const policyVersionSchema = z.object({
  version: z.number(),
  yaml: z.string(),
  author: z.string(),
  comment: z.string().nullable(),
  diff: z.string(),
  restoredFrom: z.number().nullable(),
  createdAt: z.string(),
});
export type PolicyVersionDto = z.infer<typeof policyVersionSchema>;

export const policyErrorSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), line: z.number(), column: z.number(), message: z.string() });
export type PolicyErrorDto = z.infer<typeof policyErrorSchema>;

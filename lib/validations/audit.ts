import { z } from "zod";

export const auditQuerySchema = z.object({
  /** Rows with a sequence number below this one (for the next page); newest first. */
  before: z.coerce.bigint().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().max(100).optional(),
});

export const auditEventSchema = z.object({
  seq: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  data: z.unknown(),
  hash: z.string(),
});
export type AuditEventDto = z.infer<typeof auditEventSchema>;

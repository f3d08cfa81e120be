import { z } from "zod";
import { withPermission } from "@/lib/server/http/with-permission";
import { backtestStored } from "@/lib/server/policies/backtest-stored";

const maxPeriodMs = 31 * 24 * 3600_000;

const backtestSchema = z
  .object({
    yaml: z.string().min(1, "is required"),
    from: z.iso.datetime({ offset: true, error: "must be an RFC 3339 time" }),
    to: z.iso.datetime({ offset: true, error: "must be an RFC 3339 time" }),
  })
  .refine((b) => Date.parse(b.to) > Date.parse(b.from), { path: ["to"], message: "must be after from" })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= maxPeriodMs, { path: ["to"], message: "the period is at most 31 days" });

/** Replays the recorded cycles of a period through a draft policy (nothing is saved). */
export const POST = withPermission("policies.backtest", { route: "/api/v1/policies/backtest", body: backtestSchema, maxBodyBytes: 512 << 10 }, ({ prisma, body }) =>
  backtestStored(prisma, body.yaml, new Date(body.from), new Date(body.to)),
);

import { withPermission } from "@/lib/server/http/with-permission";
import { backtestStored } from "@/lib/server/policies/backtest-stored";
import { backtestInputSchema } from "@/lib/validations/policy";

/** Replays the recorded cycles of [from, to) through a draft policy (nothing is saved). */
export const POST = withPermission("policies.backtest", { route: "/api/v1/policies/backtest", body: backtestInputSchema, maxBodyBytes: 512 << 10 }, ({ prisma, body }) =>
  backtestStored(prisma, body.yaml, new Date(body.from), new Date(body.to)),
);

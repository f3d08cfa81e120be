import { diffPolicies } from "@/lib/policy/diff-policies";
import { validatePolicy } from "@/lib/policy/validate-policy";
import { withPermission } from "@/lib/server/http/with-permission";
import { livePolicyVersion } from "@/lib/server/policies/policy-versions";
import { validatePolicyInputSchema } from "@/lib/validations/policy";

/** Checks a draft without saving it: its errors with lines, and its diff against the live
 * version. A read: nothing changes, so viewers may use the editor to explore. */
export const POST = withPermission("policies.read", { route: "/api/v1/policies/validate", body: validatePolicyInputSchema, maxBodyBytes: 512 << 10 }, async ({ prisma, body }) => {
  const live = await livePolicyVersion(prisma);
  const result = validatePolicy(body.yaml);
  return { ok: result.ok, errors: result.ok ? [] : result.errors, liveVersion: live.version, diff: diffPolicies(live.yaml, body.yaml) };
});

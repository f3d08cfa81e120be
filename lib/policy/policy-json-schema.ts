import { z } from "zod";
import { policySchema } from "./policy-schema";

/**
 * The policy document's JSON Schema (input side: defaults may be omitted), for editor
 * completion and hover in the browser. Cross-field checks (unique ids, auto-approved
 * strategies being allowed) are not expressible here; `validatePolicy` stays the authority.
 */
export const policyJsonSchema = z.toJSONSchema(policySchema, { io: "input", unrepresentable: "any" });

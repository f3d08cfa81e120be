import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "./policy-json-schema";

describe("policyJsonSchema", () => {
  it("describes the document's top-level fields and requires only version and name", () => {
    expect(Object.keys(policyJsonSchema.properties ?? {})).toEqual([
      "version",
      "name",
      "description",
      "constraints",
      "escalation",
      "planning",
      "approvals",
      "holds",
      "rules",
    ]);
    expect(policyJsonSchema.required).toEqual(["version", "name"]);
  });
});

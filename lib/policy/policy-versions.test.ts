import { describe, expect, it } from "vitest";
import { defaultPolicyYaml } from "./default-policy";
import { prepareNewVersion, withVersion } from "./policy-versions";

describe("prepareNewVersion", () => {
  it("numbers the first version 1 and diffs against nothing", () => {
    const v = prepareNewVersion(null, defaultPolicyYaml);
    expect(v.ok && v.version).toBe(1);
    expect(v.ok && v.diff.removed).toBe(0);
  });

  it("numbers an edit after the latest and keeps comments", () => {
    const edited = defaultPolicyYaml.replace("maxActions: 3", "maxActions: 2");
    const v = prepareNewVersion({ version: 7, yaml: withVersion(defaultPolicyYaml, 7) }, edited);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(v.version).toBe(8);
    expect(v.policy.version).toBe(8);
    expect(v.yaml).toContain("# UTC. Disruptive strategies");
    expect(v.diff.unified).toContain("-version: 7\n+version: 8");
    expect(v.diff.unified).toContain("-      maxActions: 3\n+      maxActions: 2");
  });

  it("restores an old version as a new one", () => {
    const v = prepareNewVersion(
      { version: 3, yaml: "version: 3\nname: other\n" },
      withVersion(defaultPolicyYaml, 1),
    );
    expect(v.ok && [v.version, v.policy.name]).toEqual([4, "default"]);
  });

  it("refuses an invalid draft with line-numbered errors", () => {
    const v = prepareNewVersion(null, "version: 1\nname: x\nrules:\n  - id: Bad Id\n");
    expect(v.ok).toBe(false);
    expect(!v.ok && v.errors[0]).toMatchObject({ path: ["rules", 0, "id"], line: 4 });
  });
});

describe("withVersion", () => {
  it("changes only the version, or adds it", () => {
    const bumped = withVersion(defaultPolicyYaml, 9);
    expect(bumped).toBe(defaultPolicyYaml.replace("version: 1\n", "version: 9\n"));
    expect(withVersion("name: x\n", 2)).toBe("version: 2\nname: x\n");
    expect(withVersion("version: 1 # first\nname: x\n", 5)).toBe("version: 5 # first\nname: x\n");
  });
});

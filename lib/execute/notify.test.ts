import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAwaitingApprovalMessage, slackMessageSchema } from "./notify";
import { planContentArb } from "./test-arbitraries";

const link = "https://homeostat.example/plans/p1";

describe("planAwaitingApprovalMessage", () => {
  it("is valid Slack Block Kit within Slack's limits for any plan, with a button linking to the plan", () => {
    fc.assert(
      fc.property(planContentArb(), fc.integer({ min: 0, max: 4e12 }), (content, expiresAt) => {
        const msg = planAwaitingApprovalMessage({ planId: "p1", content, link, expiresAt });
        expect(slackMessageSchema.safeParse(msg).success).toBe(true);
        expect(msg.text).toContain(link);
        expect(msg.blocks.find((b) => b.type === "actions")).toMatchObject({
          elements: [{ type: "button", url: link }],
        });
      }),
    );
  });

  it("escapes Slack's control characters in user-provided text and says how many approvers", () => {
    const [c] = fc.sample(planContentArb(), { numRuns: 1, seed: 9 });
    const content = {
      ...c!,
      requestedBy: "<!channel> & co",
      proposal: {
        ...c!.proposal,
        service: "api",
        approval: { auto: false, approvers: 2 as const, reason: "wide" },
      },
    };
    const msg = planAwaitingApprovalMessage({ planId: "p1", content, link, expiresAt: 1_800_000_000_000 });
    const section = msg.blocks.find((b) => b.type === "section");
    expect(section?.type === "section" && section.text.text).toMatch(/&lt;!channel&gt; &amp; co/);
    expect(section?.type === "section" && section.text.text).toMatch(/Needs two approvers/);
    expect(JSON.stringify(msg)).toContain(
      "<!date^1800000000^{date_short_pretty} {time}|2027-01-15T08:00:00.000Z>",
    );
  });

  it("names a person who proposed by hand by their name, not their id", () => {
    const [c] = fc.sample(planContentArb(), { numRuns: 1, seed: 4 });
    const content = { ...c!, requestedBy: "3f6c1a2e-user-id" };
    const text = JSON.stringify(planAwaitingApprovalMessage({ planId: "p2", content, requesterName: "otto", link, expiresAt: 1_800_000_000_000 }));
    expect(text).toContain("otto");
    expect(text).not.toContain("3f6c1a2e-user-id");
  });
});

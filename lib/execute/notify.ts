import { z } from "zod";
import type { PlanAction } from "@/lib/plan/types";
import type { PlanContent } from "./plan-hash";

// The Slack-compatible message (Block Kit, incoming-webhook JSON) posted when a plan waits for
// approval. `text` is the fallback that notifications and clients without blocks show. Limits
// are Slack's: header 150 characters, section text 3000, field 2000, button label 75.

const plainText = z.object({ type: z.literal("plain_text"), text: z.string().max(150) });
const mrkdwn = z.object({ type: z.literal("mrkdwn"), text: z.string().max(3000) });
export const slackMessageSchema = z.object({
  text: z.string().min(1),
  blocks: z.array(
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("header"), text: plainText }),
      z.object({
        type: z.literal("section"),
        text: mrkdwn,
        fields: z
          .array(mrkdwn.extend({ text: z.string().max(2000) }))
          .max(10)
          .optional(),
      }),
      z.object({
        type: z.literal("actions"),
        elements: z.array(
          z.object({
            type: z.literal("button"),
            text: plainText.extend({ text: z.string().max(75) }),
            url: z.url().max(3000),
            style: z.literal("primary").optional(),
          }),
        ),
      }),
      z.object({ type: z.literal("context"), elements: z.array(mrkdwn) }),
    ]),
  ),
});
export type SlackMessage = z.infer<typeof slackMessageSchema>;

/** Slack's mrkdwn treats these three as control characters. */
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function describeAction(a: PlanAction): string {
  const where = [
    a.target.replicas !== undefined
      ? `${a.target.replicas} replica${a.target.replicas === 1 ? "" : "s"} of `
      : "",
    a.target.service,
    a.target.zone ? ` in zone ${a.target.zone}` : "",
    a.target.node ? ` on node ${a.target.node}` : "",
  ].join("");
  const params = Object.entries(a.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");
  return `${a.kind} ${where}${params ? ` (${params})` : ""}`;
}

/** `<!date^…>` renders in each reader's time zone; the ISO time is the fallback. */
const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

export type AwaitingApproval = {
  planId: string;
  content: PlanContent;
  /** The proposing user's name (the content holds their id). */
  requesterName?: string;
  /** Absolute URL of the plan's page in the console. */
  link: string;
  /** When the plan stops accepting approvals (ms since epoch). */
  expiresAt: number;
};

export function planAwaitingApprovalMessage({
  planId,
  content,
  requesterName,
  link,
  expiresAt,
}: AwaitingApproval): SlackMessage {
  const p = content.proposal;
  const who = p.approval.approvers === 2 ? "two approvers" : "an approver";
  const requester = content.requestedBy === "loop" ? "the loop" : (requesterName ?? content.requestedBy);
  const actions =
    p.actions.length === 0
      ? "_no actions: an empty plan_"
      : p.actions
          .slice(0, 10)
          .map((a) => `• ${escape(describeAction(a))}`)
          .join("\n") + (p.actions.length > 10 ? `\n…and ${p.actions.length - 10} more` : "");
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return {
    text: clip(`Plan ${planId} (${p.strategy} on ${p.service}) needs ${who}: ${link}`, 3000),
    blocks: [
      {
        type: "header",
        text: { type: "plain_text", text: clip(`Approval needed: ${p.strategy} on ${p.service}`, 150) },
      },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: clip(
            `*${escape(p.failureClass)}* on *${escape(p.service)}*, proposed by ${escape(requester)}. Needs ${who}.\n${actions}`,
            3000,
          ),
        },
        fields: [
          { type: "mrkdwn", text: `*Level*\n${escape(p.level)}` },
          { type: "mrkdwn", text: `*Blast radius*\n${pct(p.blastRadius.trafficShare)} of traffic` },
          {
            type: "mrkdwn",
            text: `*Estimated success*\n${pct(p.estimatedSuccess.mean)} (90%: ${pct(p.estimatedSuccess.low)}–${pct(p.estimatedSuccess.high)})`,
          },
          { type: "mrkdwn", text: `*Expires*\n${slackDate(expiresAt)}` },
        ],
      },
      {
        type: "actions",
        elements: [
          { type: "button", text: { type: "plain_text", text: "Review plan" }, url: link, style: "primary" },
        ],
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: clip(escape(`${p.approval.reason} · plan ${planId} v${content.version}`), 3000),
          },
        ],
      },
    ],
  };
}

import http from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifyAwaitingApproval } from "@/lib/server/notify/notify-awaiting-approval";
import { planContent } from "../helpers/plan-fixture";

describe("the 'waiting for approval' notification", () => {
  let server: http.Server;
  let url: string;
  const received: { contentType: string | undefined; body: unknown }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ contentType: req.headers["content-type"], body: JSON.parse(body) as unknown });
        res.writeHead(req.url === "/broken" ? 500 : 200).end("ok");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it("posts Slack-compatible JSON with a link to the queue", async () => {
    await notifyAwaitingApproval({ id: "8f0c", expiresAt: new Date(Date.UTC(2026, 0, 1, 12, 15)) }, planContent({ service: "payment" }), { url: `${url}/hook` });
    expect(received).toHaveLength(1);
    expect(received[0]!.contentType).toBe("application/json");
    const message = received[0]!.body as { text: string; blocks: unknown[] };
    expect(message.text).toMatch(/payment/);
    expect(JSON.stringify(message.blocks)).toContain("/approvals");
  });

  it("never throws when the receiver fails or is gone", async () => {
    await expect(notifyAwaitingApproval({ id: "x", expiresAt: new Date() }, planContent(), { url: `${url}/broken` })).resolves.toBeUndefined();
    await expect(notifyAwaitingApproval({ id: "x", expiresAt: new Date() }, planContent(), { url: "http://127.0.0.1:9/nothing" })).resolves.toBeUndefined();
  });
});

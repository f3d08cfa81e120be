// Injects faults into the running server's simulated fleet from a shell, through its API:
//   npm run chaos -- inject memory-leak --service cart [--set leakPerHour=2]
//   npm run chaos -- scenario path/to/scenario.yaml
// HOMEOSTAT_URL (default http://localhost:3000) and HOMEOSTAT_TOKEN (a token with scope "chaos").
import fs from "node:fs";
import { parseArgs } from "node:util";

const usage = `usage:
  npm run chaos -- inject <kind> [--service <name>] [--zone <zone>] [--set key=value ...]
  npm run chaos -- scenario <file.yaml|file.json>
environment: HOMEOSTAT_URL (default http://localhost:3000), HOMEOSTAT_TOKEN (scope "chaos")`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { service: { type: "string" }, zone: { type: "string" }, set: { type: "string", multiple: true } },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function post(path: string, body: unknown): Promise<void> {
  const token = process.env.HOMEOSTAT_TOKEN ?? fail(`HOMEOSTAT_TOKEN is not set\n${usage}`);
  const base = process.env.HOMEOSTAT_URL ?? "http://localhost:3000";
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) fail(`${res.status}: ${text}`);
  console.log(text);
}

const [command, arg] = positionals;
if (command === "inject" && arg) {
  const params = Object.fromEntries(
    (values.set ?? []).map((pair) => {
      const [k, v] = pair.split("=");
      if (!k || v === undefined) fail(`--set ${pair}: expected key=value`);
      return [k, Number.isFinite(Number(v)) ? Number(v) : v];
    }),
  );
  await post("/api/v1/sim/faults", { kind: arg, service: values.service, zone: values.zone, ...params });
} else if (command === "scenario" && arg) {
  await post("/api/v1/sim/scenarios", { scenario: fs.readFileSync(arg, "utf8") });
} else {
  fail(usage);
}

// The browser tests drive Debian's Chromium (Playwright's own browser download cannot work
// offline) and one integration test queries a real Prometheus server. Both come from Debian's
// packages: installed with apt when running as root, otherwise the run stops with the command.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const tools = [
  { name: "Chromium", path: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", pkg: "chromium" },
  { name: "Prometheus", path: process.env.PROMETHEUS_PATH ?? "/usr/bin/prometheus", pkg: "prometheus" },
];

export function ensureTestTools() {
  const missing = tools.filter((t) => !existsSync(t.path));
  if (missing.length === 0) return;
  const packages = missing.map((t) => t.pkg);
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("which", ["apt-get"]).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `The tests need ${missing.map((t) => `${t.name} at ${t.path}`).join(" and ")}. Install with:\n\n` +
        `  sudo apt-get update && sudo apt-get install -y ${packages.join(" ")}\n\n` +
        "(or set CHROMIUM_PATH / PROMETHEUS_PATH to existing binaries).",
    );
    process.exit(1);
  }
  console.log(`Installing Debian's ${packages.join(" and ")} for the tests (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env });
  const still = missing.filter((t) => !existsSync(t.path));
  if (still.length > 0) {
    console.error(`apt-get finished but ${still.map((t) => t.path).join(", ")} is still missing.`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTestTools();

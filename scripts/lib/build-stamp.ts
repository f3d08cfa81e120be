import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// `npm start` builds only when the sources changed since the last build: it hashes every
// file that goes into the bundle and compares with the hash written after the last build.

const inputs = ["app", "components", "lib", "public", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const stampFile = path.join(".next", "homeostat-source-hash");

function walk(entry: string, out: string[]): void {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    out.push(entry);
    return;
  }
  for (const name of fs.readdirSync(entry).sort()) {
    if (name === "generated" || name.endsWith(".test.ts") || name === "node_modules") continue;
    walk(path.join(entry, name), out);
  }
}

export function sourceHash(root = "."): string {
  const files: string[] = [];
  for (const input of inputs) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root = "."): boolean {
  const stamp = path.join(root, stampFile);
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID")) || !fs.existsSync(stamp)) return false;
  return fs.readFileSync(stamp, "utf8") === sourceHash(root);
}

export function writeBuildStamp(root = "."): void {
  fs.writeFileSync(path.join(root, stampFile), sourceHash(root));
}

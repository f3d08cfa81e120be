// Root cause and cascade for one recorded incident:
//   npm run rca -- --input case.json [--pretty]
// Prints the analysis as JSON on stdout. Exit 2 on a usage error or invalid input (each
// problem on stderr, naming the field), 1 on an unexpected failure.
import { readFileSync } from "node:fs";
import { analyzeIncident, parseRcaInput } from "@/lib/analyze/cascade";

function fail(message: string): never {
  process.stderr.write(`rca: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const at = args.indexOf("--input");
const file = at >= 0 ? args[at + 1] : undefined;
if (!file || file.startsWith("--")) fail("usage: rca --input case.json [--pretty]");

let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}
let raw: unknown;
try {
  raw = JSON.parse(text);
} catch (error) {
  fail(`${file} is not JSON: ${(error as Error).message}`);
}
const parsed = parseRcaInput(raw);
if (!parsed.ok) {
  fail(`invalid input in ${file}:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`);
}
const result = analyzeIncident(parsed.input);
process.stdout.write(`${JSON.stringify(result, null, args.includes("--pretty") ? 2 : undefined)}\n`);

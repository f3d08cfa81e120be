import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nabProfilesSchema, nabWindowsSchema } from "./nab-schemas";
import { parseNabCsv } from "./parse-nab-csv";
import { type NabFileScores, scoreNabCorpus } from "./score-nab-corpus";

const nab = join(process.cwd(), "..", "shared", "data", "nab");
const json = (p: string): unknown => JSON.parse(readFileSync(join(nab, p), "utf8"));

function loadPublished(detector: string): NabFileScores[] {
  const root = join(nab, "results", "scores", detector);
  return readdirSync(root).flatMap((category) =>
    readdirSync(join(root, category)).map((name) => {
      const csv = parseNabCsv(readFileSync(join(root, category, name), "utf8"));
      return {
        path: `${category}/${name.slice(detector.length + 1)}`,
        timestamps: csv.timestamps,
        scores: csv.columns.anomaly_score ?? [],
      };
    }),
  );
}

describe("scoreNabCorpus on the published NAB v1.1 scores", () => {
  const windows = nabWindowsSchema.parse(json("labels/combined_windows.json"));
  const profiles = nabProfilesSchema.parse(json("config/profiles.json"));
  const board = json("results/final_results.json") as Record<string, Record<string, number>>;
  const costs = {
    standard: profiles.standard!.CostMatrix,
    reward_low_FP_rate: profiles.reward_low_FP_rate!.CostMatrix,
    reward_low_FN_rate: profiles.reward_low_FN_rate!.CostMatrix,
  };

  for (const detector of ["numenta", "windowedGaussian"]) {
    it(`reproduces ${detector}'s row of final_results.json`, () => {
      const files = loadPublished(detector);
      expect(files).toHaveLength(58);
      const results = scoreNabCorpus(files, windows, costs);
      for (const r of results) {
        const published = board[detector]?.[r.profile] as number;
        const tolerance = r.profile === "reward_low_FP_rate" ? 0.2 : 0.01;
        expect(
          Math.abs(r.normalized - published),
          `${r.profile}: ${r.normalized} vs ${published}`,
        ).toBeLessThan(tolerance);
      }
    });
  }
});

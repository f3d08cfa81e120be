import { readFile } from "node:fs/promises";
import path from "node:path";
import { defaultMonitorConfig, type MonitorConfig } from "@/lib/monitor/config/monitor-config";
import {
  formatConfigError,
  parseMonitorConfig,
  type ConfigError,
} from "@/lib/monitor/config/parse-monitor-config";

/** A config file that cannot be used; `message` lists every problem, one per line, each
 * prefixed with the file name. */
export class MonitorConfigError extends Error {
  readonly errors: ConfigError[];
  constructor(file: string, errors: ConfigError[]) {
    super(
      `${file} is not a valid Homeostat config:\n${errors.map((e) => `  ${file}: ${formatConfigError(e)}`).join("\n")}`,
    );
    this.name = "MonitorConfigError";
    this.errors = errors;
  }
}

/** Reads the config named by HOMEOSTAT_CONFIG (pass `env.HOMEOSTAT_CONFIG`); the default
 * (simulated fleet only) when unset. A relative `simulated.topology` is resolved against the
 * config file's folder. Throws MonitorConfigError, or the read error for a missing file. */
export async function loadMonitorConfig(file: string | undefined): Promise<MonitorConfig> {
  if (file === undefined || file === "") return defaultMonitorConfig;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new MonitorConfigError(file, [
      { line: undefined, path: "(file)", message: `cannot read it (${code})` },
    ]);
  }
  const result = parseMonitorConfig(text);
  if (!result.ok) throw new MonitorConfigError(file, result.errors);
  const { simulated } = result.config.sources;
  if (simulated.topology === undefined) return result.config;
  return {
    ...result.config,
    sources: {
      ...result.config.sources,
      simulated: { ...simulated, topology: path.resolve(path.dirname(file), simulated.topology) },
    },
  };
}

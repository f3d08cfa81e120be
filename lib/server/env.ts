import path from "node:path";
import { z } from "zod";

// The one place environment variables are read. Parsed once, validated with zod, so a bad
// value stops the process at boot with the variable's name instead of failing later.

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: postgresUrl.optional(),
    HOMEOSTAT_DATA_DIR: z.string().min(1).default(".homeostat"),
    HOMEOSTAT_CONFIG: z.string().min(1).optional(),
    HOMEOSTAT_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    NEXTAUTH_SECRET: z.string().min(16).optional(),
    NEXTAUTH_URL: z.url().optional(),
    HOMEOSTAT_TRUST_PROXY: z.stringbool().default(false),
    HOMEOSTAT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Failed sign-ins allowed per account and per address in one window. */
    HOMEOSTAT_LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    HOMEOSTAT_LOGIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    HOMEOSTAT_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Run the MAPE-K loop in this process ("on"), or leave it to `npm run worker` ("off"). */
    HOMEOSTAT_LOOP: z.enum(["on", "off"]).default("on"),
    /** Where approved plans run: the simulated fleet, a runbook endpoint (Rundeck, StackStorm,
     * a script) that receives each step as signed JSON, or a Kubernetes cluster's API. */
    HOMEOSTAT_EXECUTOR: z.enum(["simulated", "webhook", "kubernetes"]).default("simulated"),
    HOMEOSTAT_EXECUTOR_WEBHOOK_URL: z.url().optional(),
    HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    /** The Kubernetes executor's cluster: a kubeconfig file (and a context in it, default its
     * current one); unset inside a pod, where the pod's service account is used. */
    HOMEOSTAT_KUBECONFIG: z.string().min(1).optional(),
    HOMEOSTAT_KUBE_CONTEXT: z.string().min(1).optional(),
    /** Where each service's Deployment (named as the service) lives. */
    HOMEOSTAT_KUBE_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name").default("default"),
    /** A Slack-compatible incoming webhook told of every plan that waits for approval. */
    HOMEOSTAT_NOTIFY_WEBHOOK_URL: z.url().optional(),
    /** Cycles older than this are folded into their incident's summary. */
    HOMEOSTAT_RETENTION_DAYS: z.coerce.number().positive().default(30),
    /** How long a plan waits for its approvals, and how long an approval stays valid. */
    HOMEOSTAT_APPROVAL_TTL_SECONDS: z.coerce.number().int().min(30).default(900),
  })
  .refine(
    (e) =>
      e.HOMEOSTAT_EXECUTOR !== "webhook" ||
      (e.HOMEOSTAT_EXECUTOR_WEBHOOK_URL && e.HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET),
    {
      path: ["HOMEOSTAT_EXECUTOR_WEBHOOK_URL"],
      message:
        "the webhook executor needs HOMEOSTAT_EXECUTOR_WEBHOOK_URL and HOMEOSTAT_EXECUTOR_WEBHOOK_SECRET",
    },
  );

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Where the embedded database keeps its files; only used when DATABASE_URL is unset. */
export function pgliteDataDir(e: Env = env()): string {
  return path.resolve(e.HOMEOSTAT_DATA_DIR, "pglite");
}

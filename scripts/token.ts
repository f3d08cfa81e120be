// npm run token -- create <name> --scopes ingest,read,rca --as <admin user>
// npm run token -- revoke <id> | list
import { parseArgs } from "node:util";
import { can } from "@/lib/auth/permissions";
import { createToken, listTokens, revokeToken } from "@/lib/server/tokens/manage-tokens";
import { createTokenSchema } from "@/lib/validations/token";
import { fail, openCliDatabase } from "./lib/cli-database";

const usage = `usage:
  npm run token -- create <name> --scopes <ingest,read,rca> [--as <admin user, default admin>]
  npm run token -- revoke <id>
  npm run token -- list`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { scopes: { type: "string" }, as: { type: "string" } } });
const [command, arg] = positionals;

async function main(): Promise<void> {
  const db = await openCliDatabase();
  try {
    if (command === "create") {
      const input = createTokenSchema.safeParse({ name: arg, scopes: (values.scopes ?? "").split(",").filter(Boolean) });
      if (!input.success) fail(input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n") + `\n${usage}`);
      const owner = await db.prisma.user.findUnique({ where: { name: values.as ?? "admin" } });
      if (!owner || owner.disabled || !can(owner.role, "tokens.manage")) fail(`--as: "${values.as ?? "admin"}" is not an enabled admin`);
      const token = await createToken(db.prisma, input.data, owner.name);
      console.log(`created ${token.name} (${token.scopes.join(",")}), id ${token.id}\n${token.secret}\n(the secret is not shown again)`);
    } else if (command === "revoke" && arg) {
      const token = await revokeToken(db.prisma, arg, `cli:${process.env.USER ?? "shell"}`);
      console.log(`revoked ${token.name}`);
    } else if (command === "list") {
      for (const t of await listTokens(db.prisma)) {
        console.log(`${t.id}\t${t.name}\t${t.scopes.join(",")}\t${t.revokedAt ? "revoked" : `used ${t.useCount}x`}`);
      }
    } else {
      fail(usage);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));

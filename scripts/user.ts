// npm run user -- add <name> [--role viewer|operator|approver|admin] [--password <p>]
// npm run user -- set-role <name> <role> | disable <name> | enable <name> | list
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";
import { updateUser } from "@/lib/server/users/update-user";
import { createUserSchema, roleSchema } from "@/lib/validations/user";
import { fail, openCliDatabase } from "./lib/cli-database";

const usage = `usage:
  npm run user -- add <name> [--role <role>] [--password <password>]   (a password is generated when omitted)
  npm run user -- set-role <name> <viewer|operator|approver|admin>
  npm run user -- disable <name>
  npm run user -- enable <name>
  npm run user -- list`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: "string" }, password: { type: "string" } },
});
const [command, name, arg] = positionals;
const actor = `cli:${process.env.USER ?? "shell"}`;

async function main(): Promise<void> {
  if (!command || (command !== "list" && !name)) fail(usage);
  const db = await openCliDatabase();
  try {
    switch (command) {
      case "add": {
        const password = values.password ?? randomBytes(15).toString("base64url");
        const input = createUserSchema.safeParse({ name, password, role: values.role ?? "viewer" });
        if (!input.success) fail(input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
        const user = await createUser(db.prisma, input.data, actor);
        console.log(`added ${user.name} (${user.role})${values.password ? "" : `; password: ${password}`}`);
        break;
      }
      case "set-role": {
        const role = roleSchema.safeParse(arg);
        if (!role.success) fail(`role: must be one of viewer, operator, approver, admin\n${usage}`);
        const user = await updateUser(db.prisma, name!, { role: role.data }, actor);
        console.log(`${user.name} is now ${user.role}`);
        break;
      }
      case "disable":
      case "enable": {
        const user = await updateUser(db.prisma, name!, { disabled: command === "disable" }, actor);
        console.log(`${user.name} is ${user.disabled ? "disabled" : "enabled"}`);
        break;
      }
      case "list":
        for (const u of await listUsers(db.prisma)) console.log(`${u.name}\t${u.role}${u.disabled ? "\tdisabled" : ""}`);
        break;
      default:
        fail(usage);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));

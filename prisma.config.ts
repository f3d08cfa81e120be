import { defineConfig } from "prisma/config";

// For the Prisma CLI on a machine that can run it (`prisma migrate deploy`, `prisma studio`).
// Homeostat itself applies migrations with scripts/db/migrate.ts, which works offline.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

// The MAPE-K domain is plain TypeScript: it must not reach into the framework, the database
// client or the server layer, so the same code runs live, in tests and in backtests.
const domainFolders = ["monitor", "analyze", "plan", "policy", "execute", "knowledge", "loop", "sim", "auth", "events"];
const frameworkImports = {
  patterns: [
    { group: ["next", "next/*", "react", "react-dom", "next-auth", "next-auth/*", "@prisma/*"], message: "Domain code stays framework-free." },
    { group: ["@/lib/server/*", "**/server/*", "@/lib/client/*"], message: "Domain code must not import the server or client layers." },
  ],
};

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "lib/server/generated/**", "coverage/**", "next-env.d.ts", "**/*.tmp.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: domainFolders.map((f) => `lib/${f}/**/*.ts`),
    rules: { "no-restricted-imports": ["error", frameworkImports] },
  },
  {
    files: ["lib/client/**/*.ts", "lib/client/**/*.tsx", "components/**/*.tsx", "components/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/server/*", "**/lib/server/*"], message: "Browser code never imports lib/server." }] }],
    },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: globals.node } },
);

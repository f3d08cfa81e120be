import type { TestProject } from "vitest/node";
import { launchServer } from "../../scripts/lib/launch-server";

// Serves the real app the way `npm start` does, on a free port with an embedded database of
// its own, and hands its URL to the browser tests.

declare module "vitest" {
  // Module augmentation only merges interfaces, so this one cannot be a type alias.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    /** The server's data folder: tests reach its embedded database through its socket. */
    dataDir: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await launchServer({ adminPassword: "e2e-admin-password-42" });
  project.provide("baseUrl", server.url);
  project.provide("adminPassword", server.adminPassword);
  project.provide("dataDir", server.dataDir);
  return server.stop;
}

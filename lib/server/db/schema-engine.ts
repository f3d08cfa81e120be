import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

// @prisma/schema-engine-wasm is published for bundlers (`import * as wasm from "./x.wasm"`),
// which Node cannot load: we compile the .wasm ourselves and hand its exports to the
// wasm-bindgen glue module. The glue keeps one module-level instance, so we load it once.
let ready: Promise<void> | undefined;

// The engine reports a Rust panic by calling this global just before it traps with a bare
// "unreachable"; without it the panic surfaces as a TypeError inside the glue instead.
type PanicRegistry = { set_message(message: string): void };
let lastPanic: string | undefined;
const panics = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
panics.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message: string) {
    lastPanic = message;
  },
};

/** The message of the engine's last panic, once: the trap itself carries none. */
export function takeEnginePanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

function loadWasm(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const glue = require.resolve("@prisma/schema-engine-wasm");
    const bytes = await readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return ready;
}

export type EngineSchemaFile = { path: string; content: string };

export const emptySchemaFilter = { externalTables: [], externalEnums: [] };

/**
 * Opens the wasm schema engine on a driver adapter factory. The engine connects at once
 * (main database) and calls `connectToShadowDb` only for commands that replay migrations.
 * The caller frees the engine and closes whatever the factory opened.
 */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: EngineSchemaFile[],
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  await loadWasm();
  return engineBindings.SchemaEngine.new(
    // The engine panics on an empty list; "no schema" is `undefined`.
    { datamodels: schemaFiles.length === 0 ? undefined : schemaFiles.map((f) => [f.path, f.content]) },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

export function engineVersion(): Promise<string> {
  return loadWasm().then(() => engineBindings.version());
}

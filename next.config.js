/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages with native or WebAssembly parts are loaded from node_modules at run time rather
  // than bundled: PGlite reads its .wasm and data files relative to its own module.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "@prisma/schema-engine-wasm",
    "prom-client",
    "pg",
  ],
  // `npm test` type-checks the whole project with tsc (and lint); repeating it inside every
  // build would double the start time of a fresh clone.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;

import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["{lib,emulators,scripts,app,components}/**/*.test.{ts,tsx}"],
    environment: "node",
    globalSetup: ["lib/test-support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // "server-only" throws outside a React Server Component bundle; tests run server code directly.
    alias: { "server-only": path.resolve(__dirname, "lib/test-support/server-only-stub.ts") },
  },
});

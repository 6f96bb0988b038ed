import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["{lib,emulators,scripts,app,components,test}/**/*.test.{ts,tsx}"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    // Next sets this when experimental.authInterrupts is on (next.config.ts); forbidden() needs it.
    env: { __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: "true" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // "server-only" throws outside a React Server Component bundle; tests run server code directly.
    alias: { "server-only": path.resolve(__dirname, "test/server-only-stub.ts") },
  },
});

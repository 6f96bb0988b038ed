import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * The layout's import directions (ARCHITECTURE.md), enforced: a wrong arrow fails `npm test` with the rule's
 * name (import/no-restricted-paths or no-restricted-imports) and a message saying where the import belongs.
 *
 *   app → components → lib/actions → lib/requests (+ jobs, sync, notify, read-models, plan) → lib/{azure,gitops,db,paramfile}
 */
const LIB_MODULES = ["actions", "audit", "auth", "azure", "db", "gitops", "health", "http", "jobs", "notify", "paramfile", "plan", "rate-limit", "read-models", "requests", "sync"];
const lib = (...names) => names.map((n) => `./lib/${n}`);
const except = (...keep) => LIB_MODULES.filter((m) => !keep.includes(m));

const zone = (target, from, message, except) => ({ target, from, message, ...(except ? { except } : {}) });

const libZones = [
  zone("./lib", ["./app", "./components", "./emulators", "./test"], "lib never imports app/, components/, emulators/ or test/: pass what it needs in, or move the code."),
  // Adapters: pure, never each other, never the domain.
  zone("./lib/paramfile", lib(...except("paramfile"), "server.ts", "env.ts"), "lib/paramfile is pure: it imports nothing else from lib."),
  zone("./lib/plan", lib(...except("plan"), "server.ts", "env.ts"), "lib/plan is pure (the plan of a merge from plain data): the caller reads GitHub and Azure and passes what it read."),
  zone("./lib/azure", lib(...except("azure"), "server.ts"), "Adapters never import each other or the domain: lib/azure gets its config from the composition root (lib/server.ts)."),
  zone("./lib/gitops", lib(...except("gitops"), "server.ts"), "Adapters never import each other or the domain: lib/gitops gets its config from the composition root (lib/server.ts)."),
  zone("./lib/db", lib(...except("db"), "server.ts"), "lib/db is an adapter: it imports only lib/env."),
  zone("./lib/env.ts", lib(...LIB_MODULES, "server.ts"), "lib/env.ts reads the environment and imports nothing from lib."),
  zone("./lib/auth", lib("actions", "jobs", "notify", "read-models", "requests", "sync", "azure", "gitops", "http", "rate-limit", "server.ts"), "lib/auth sits under the domain: it imports only lib/db, lib/audit and lib/env."),
  // Small modules beside the adapters: the audit log and rate limits keep their rows in the database.
  zone("./lib/audit", lib(...except("audit", "db"), "server.ts"), "lib/audit records facts: it imports only lib/db (types)."),
  zone("./lib/rate-limit", lib(...except("rate-limit", "db"), "server.ts"), "lib/rate-limit counts in the database: it imports only lib/db (types)."),
  zone("./lib/http", lib(...except("http"), "server.ts", "env.ts"), "lib/http is pure HTTP checks (proxy.ts, route handlers): it imports nothing else from lib."),
  // The domain and the modules around it.
  zone("./lib/requests", lib("actions", "jobs", "notify", "read-models", "sync", "server.ts"), "lib/requests is the domain: it never imports the layers above it (jobs, sync, notify, read-models, actions, server). A use case that must wake one gets a callback in its deps, or writes an outbox job in its transaction."),
  zone("./lib/sync", lib("actions", "jobs", "notify", "read-models", "server.ts"), "lib/sync may use the domain (lib/requests) and the adapters, not the layers above it."),
  zone("./lib/notify", lib("actions", "jobs", "read-models", "sync", "server.ts"), "lib/notify sits beside the domain: it may use lib/requests, lib/auth and the adapters (its notify jobs are run by lib/jobs), not the layers above it."),
  zone("./lib/jobs", lib("actions", "read-models", "server.ts"), "lib/jobs may use the domain, lib/sync and the adapters, not the layers above it."),
  zone(["./lib/requests", "./lib/sync", "./lib/jobs", "./lib/server.ts"], ["./lib/auth/index.ts"], "Use @/lib/auth/client here: the index pulls in Next's request APIs, which `npm run worker` (plain Node) can't load."),
  zone("./lib/health", lib(...except("health", "azure", "gitops"), "server.ts"), "lib/health records what the process saw of GitHub and Azure: it imports only the adapters it observes."),
  zone("./lib/read-models", lib("actions", "jobs", "server.ts"), "Read models query; they get their clients passed in (from lib/server.ts)."),
  zone("./lib/actions", lib("azure", "gitops", "db", "paramfile"), "Server actions go through the domain and get clients from lib/server.ts, never from an adapter."),
];

const uiZones = [
  zone(["./app", "./components"], lib("db", "azure", "gitops", "paramfile", "jobs", "notify"), "Pages and components read through lib/read-models (and change things through lib/actions) and get the process's clients from lib/server.ts; they never import the database, an adapter, the jobs or lib/notify."),
  zone("./components", ["./app", "./lib/server.ts"], "Components get their data from the page as props; only pages and route handlers use lib/server.ts."),
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "lib/db/generated/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "import/no-restricted-paths": ["error", { zones: libZones }] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: { "import/no-restricted-paths": ["error", { zones: uiZones }] },
  },
  {
    files: ["emulators/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            zone("./emulators", "./lib", "Emulators stand in for GitHub and Azure: they may use lib/paramfile (as the real pipeline runs Bicep) and nothing else from lib.", ["./paramfile"]),
            zone("./emulators", ["./app", "./components", "./test"], "Emulators never import the portal or its tests."),
          ],
        },
      ],
    },
  },
  {
    // Outside a lib module, import it through its public index (or its browser-safe `client` entry).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "scripts/**/*.ts", "e2e/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/*/**", "!@/lib/*/client"],
              message: "Import a lib module through its public index (@/lib/<module>), or its browser-safe @/lib/<module>/client entry; its inside may change.",
            },
          ],
        },
      ],
    },
  },
]);

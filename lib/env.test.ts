import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, EnvSchema, parseConfig } from "./env";

describe("configuration", () => {
  it("runs in demo mode with nothing configured, pointing at the local emulators", () => {
    const config = parseConfig({});
    expect(config.mode).toBe("demo");
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dir: path.resolve(".data", "pglite") });
    expect(config.github.apiUrl).toBe("http://127.0.0.1:4010");
    expect(config.azure.endpoint).toBe("https://127.0.0.1:4020");
    expect(config.entra).toEqual({ kind: "demo" });
  });

  it("respects PORT and the emulator ports", () => {
    const config = parseConfig({ PORT: "3200", GITHUB_EMULATOR_PORT: "5010", AZURE_EMULATOR_PORT: "5020" });
    expect(config.publicUrl).toBe("http://127.0.0.1:3200");
    expect(config.github.apiUrl).toBe("http://127.0.0.1:5010");
    expect(config.azure.endpoint).toBe("https://127.0.0.1:5020");
  });

  it("lists every problem of a production configuration in one message, naming each variable", () => {
    let error: unknown;
    try {
      parseConfig({ MODELGATE_MODE: "production" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ["SESSION_SECRET", "DATABASE_URL", "GITHUB_OWNER", "GITHUB_REPO", "GITHUB_TOKEN", "AZURE_SUBSCRIPTION_ID", "ENTRA_CLIENT_ID"]) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems.length).toBeGreaterThan(8);
  });

  it("reports malformed values with the variable and the rule", () => {
    const bad = { PORT: "eighty", DATABASE_URL: "mysql://x", AZURE_SUBSCRIPTION_ID: "nope", SESSION_SECRET: "short" };
    expect(() => parseConfig(bad)).toThrow(ConfigError);
    let problems: string[] = [];
    try {
      parseConfig(bad);
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual(expect.stringMatching(/^PORT: /));
    expect(problems).toContainEqual("DATABASE_URL: must be a PostgreSQL URL: postgresql://user:pass@host:5432/db");
    expect(problems).toContainEqual("AZURE_SUBSCRIPTION_ID: must be a subscription GUID");
    expect(problems).toContainEqual(expect.stringMatching(/^SESSION_SECRET: must be at least 32 characters/));
  });

  it("accepts a complete production configuration", () => {
    const config = parseConfig({
      MODELGATE_MODE: "production",
      SESSION_SECRET: "x".repeat(40),
      DATABASE_URL: "postgresql://u:p@db:5432/modelgate",
      MODELGATE_PUBLIC_URL: "https://modelgate.contoso.example",
      GITHUB_OWNER: "contoso",
      GITHUB_REPO: "platform-ai-models",
      GITHUB_TOKEN: "ghp_x",
      GITHUB_WEBHOOK_SECRET: "s",
      AZURE_SUBSCRIPTION_ID: "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f",
      ENTRA_TENANT_ID: "t",
      ENTRA_CLIENT_ID: "c",
      ENTRA_CLIENT_SECRET: "s",
    });
    expect(config.github.apiUrl).toBe("https://api.github.com");
    expect(config.azure.endpoint).toBe("https://management.azure.com");
    expect(config.azure.credential).toBe("default");
    expect(config.database).toEqual({ kind: "postgres", url: "postgresql://u:p@db:5432/modelgate" });
  });

  it("documents every variable in .env.example", () => {
    const example = readFileSync(path.join(process.cwd(), ".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const read = Object.keys(EnvSchema.shape).filter((k) => k !== "NODE_ENV");
    expect(read.filter((k) => !documented.has(k))).toEqual([]);
  });
});

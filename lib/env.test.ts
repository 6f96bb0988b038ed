import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, DEMO_ENTRA, EnvSchema, parseConfig } from "./env";

describe("configuration", () => {
  it("runs in demo mode with nothing configured, pointing at the local emulators", () => {
    const config = parseConfig({});
    expect(config.mode).toBe("demo");
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dir: path.resolve(".data", "pglite") });
    expect(config.github.apiUrl).toBe("http://127.0.0.1:4010");
    expect(config.azure.endpoint).toBe("https://127.0.0.1:4020");
    expect(config.signIn).toEqual({ kind: "demo" });
    expect(config.session).toEqual({ idleMinutes: 120, maxHours: 12 });
  });

  it("signs in through the Entra ID emulator in demo mode when MODELGATE_SIGNIN=entra", () => {
    const config = parseConfig({ MODELGATE_SIGNIN: "entra", PORT: "3300", ENTRA_EMULATOR_PORT: "4330" });
    expect(config.signIn).toMatchObject({
      kind: "entra",
      tenantId: DEMO_ENTRA.tenantId,
      clientId: DEMO_ENTRA.clientId,
      credential: { kind: "secret", secret: DEMO_ENTRA.clientSecret },
      authority: `https://127.0.0.1:4330/${DEMO_ENTRA.tenantId}`,
      knownAuthorities: ["127.0.0.1:4330"],
      redirectUri: "http://127.0.0.1:3300/auth/callback",
      roleNames: { requester: "ModelGate.Requester", approver: "ModelGate.Approver", manager: "ModelGate.Manager", admin: "ModelGate.Admin" },
    });
    if (config.signIn.kind === "entra") expect(config.signIn.groupTeams.map((g) => g.team)).toEqual(["Search", "Support", "Platform"]);
  });

  it("refuses demo sign-in in production mode and half a certificate credential", () => {
    let problems: string[] = [];
    try {
      parseConfig({ MODELGATE_MODE: "production", MODELGATE_SIGNIN: "demo", ENTRA_CLIENT_CERTIFICATE_FILE: "cert.pem" });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toContain("MODELGATE_SIGNIN: demo sign-in is not available in production mode (unset it)");
    expect(problems).toContainEqual(expect.stringMatching(/^ENTRA_CLIENT_CERTIFICATE_FILE and ENTRA_CLIENT_CERTIFICATE_KEY_FILE: set both/));
  });

  it("reads group → team pairs and says what is wrong with a bad one", () => {
    const config = parseConfig({ MODELGATE_SIGNIN: "entra", ENTRA_GROUP_TEAMS: "AAA-1=Search, bbb-2 = Fraud Detection" });
    expect(config.signIn.kind === "entra" && config.signIn.groupTeams).toEqual([
      { groupId: "aaa-1", team: "Search" },
      { groupId: "bbb-2", team: "Fraud Detection" },
    ]);
    expect(() => parseConfig({ ENTRA_GROUP_TEAMS: "aaa-1" })).toThrow(/ENTRA_GROUP_TEAMS: each entry must be <group object id>=<team name>/);
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
    expect(config.signIn).toMatchObject({
      kind: "entra",
      authority: "https://login.microsoftonline.com/t",
      knownAuthorities: [],
      redirectUri: "https://modelgate.contoso.example/auth/callback",
      groupTeams: [],
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

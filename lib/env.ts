/**
 * The one place that reads process.env. Everything else imports `getConfig()` from here.
 *
 * With nothing configured ModelGate runs in demo mode: emulators on 127.0.0.1, demo personas, embedded
 * PGlite. Production mode (MODELGATE_MODE=production) needs real GitHub, Azure and Entra ID settings.
 * Bad or missing values stop start-up with one message listing every problem and the variable to set.
 */
import path from "node:path";
import { z } from "zod";

const DEMO_SUBSCRIPTION_ID = "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f";
const DEMO_GITHUB_TOKEN = "modelgate-demo-token";
const DEMO_REVIEWER_TOKEN = "modelgate-demo-reviewer-token";
// The Entra ID emulator's tenant, app registration and groups (emulators/entra/directory.ts holds the same
// values; a test checks that they agree).
export const DEMO_ENTRA = {
  tenantId: "8d3b5f7a-1c2e-4a6b-9d8f-0e1f2a3b4c5d",
  clientId: "0c6f1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5",
  clientSecret: "modelgate-demo-entra-client-secret",
  groupTeams: [
    { groupId: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b21", team: "Search" },
    { groupId: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b22", team: "Support" },
    { groupId: "5b0e9c1a-2d3f-4e5a-8b6c-7d8e9f0a1b23", team: "Platform" },
  ],
} as const;
/** Hosts MSAL knows as Microsoft clouds (instance discovery works there); any other authority host is named. */
const MICROSOFT_AUTHORITY_HOSTS = [
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "sts.windows.net",
  "login.microsoftonline.us",
  "login.usgovcloudapi.net",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
];

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ message: "must be a URL such as https://host" }).optional());
const port = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(fallback));
const list = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string()).default([]),
);
const minutes = (fallback: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(max).default(fallback));
/** `groupId=Team name` pairs, comma-separated. */
const groupTeams = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(
      z
        .string()
        .regex(/^[^=]+=[^=]+$/, { message: "each entry must be <group object id>=<team name>, e.g. 5b0e…1b21=Search" })
        .transform((entry) => {
          const [groupId, team] = entry.split("=");
          return { groupId: groupId.trim().toLowerCase(), team: team.trim() };
        }),
    )
    .optional(),
);
const bool = (fallback: boolean) =>
  z.preprocess((v) => {
    if (typeof v !== "string" || v.trim() === "") return undefined;
    if (["1", "true", "yes", "on"].includes(v.toLowerCase())) return true;
    if (["0", "false", "no", "off"].includes(v.toLowerCase())) return false;
    return v;
  }, z.boolean({ message: "must be true or false" }).default(fallback));

/** Every variable ModelGate reads, with its rule. `.env.example` documents the same list. */
export const EnvSchema = z.object({
  MODELGATE_MODE: z.preprocess(emptyToUndefined, z.enum(["demo", "production"]).default("demo")),
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
  PORT: port(3000),
  MODELGATE_PUBLIC_URL: optionalUrl,
  MODELGATE_DATA_DIR: optionalString,
  SESSION_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, { message: "must be at least 32 characters (e.g. `openssl rand -base64 48`)" }).optional(),
  ),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "must be a PostgreSQL URL: postgresql://user:pass@host:5432/db" })
      .optional(),
  ),
  // GitHub
  GITHUB_API_URL: optionalUrl,
  GITHUB_OWNER: optionalString,
  GITHUB_REPO: optionalString,
  GITHUB_BASE_BRANCH: z.preprocess(emptyToUndefined, z.string().default("main")),
  GITHUB_TOKEN: optionalString,
  GITHUB_APP_ID: optionalString,
  GITHUB_APP_PRIVATE_KEY: optionalString,
  GITHUB_APP_INSTALLATION_ID: optionalString,
  GITHUB_REVIEWER_TOKEN: optionalString,
  GITHUB_WEBHOOK_SECRET: optionalString,
  GITHUB_PARAM_FILE_GLOB: z.preprocess(emptyToUndefined, z.string().default("manage-ai-models/*.bicepparam")),
  GITHUB_DEPLOYMENTS_PARAM: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be a parameter name such as openaiDeployments" }).default("openaiDeployments"),
  ),
  GITHUB_MERGE_METHOD: z.preprocess(emptyToUndefined, z.enum(["merge", "squash", "rebase", "none"]).default("squash")),
  GITHUB_PR_LABELS: list,
  GITHUB_PR_REVIEWERS: list,
  GITHUB_PR_TEAM_REVIEWERS: list,
  GITHUB_EMULATOR_PORT: port(4010),
  GITHUB_EMULATOR_TOKEN: optionalString,
  // Azure
  AZURE_SUBSCRIPTION_ID: z.preprocess(emptyToUndefined, z.uuid({ message: "must be a subscription GUID" }).optional()),
  AZURE_ARM_ENDPOINT: optionalUrl,
  AZURE_CREDENTIAL: z.preprocess(
    emptyToUndefined,
    z.enum(["default", "client-secret", "managed-identity", "workload-identity"]).default("default"),
  ),
  AZURE_TENANT_ID: optionalString,
  AZURE_CLIENT_ID: optionalString,
  AZURE_CLIENT_SECRET: optionalString,
  AZURE_EMULATOR_PORT: port(4020),
  AZURE_DEPLOYMENT_NAME: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[-\w.()]{1,64}$/, { message: "must be an ARM deployment name such as deploy_ai_models" }).default("deploy_ai_models"),
  ),
  // Entra ID sign-in
  ENTRA_TENANT_ID: optionalString,
  ENTRA_CLIENT_ID: optionalString,
  ENTRA_CLIENT_SECRET: optionalString,
  ENTRA_AUTHORITY: optionalUrl,
  ENTRA_CLIENT_CERTIFICATE_FILE: optionalString,
  ENTRA_CLIENT_CERTIFICATE_KEY_FILE: optionalString,
  ENTRA_ROLE_REQUESTER: z.preprocess(emptyToUndefined, z.string().default("ModelGate.Requester")),
  ENTRA_ROLE_APPROVER: z.preprocess(emptyToUndefined, z.string().default("ModelGate.Approver")),
  ENTRA_ROLE_MANAGER: z.preprocess(emptyToUndefined, z.string().default("ModelGate.Manager")),
  ENTRA_ROLE_ADMIN: z.preprocess(emptyToUndefined, z.string().default("ModelGate.Admin")),
  ENTRA_GROUP_TEAMS: groupTeams,
  ENTRA_EMULATOR_PORT: port(4030),
  MODELGATE_SIGNIN: z.preprocess(emptyToUndefined, z.enum(["demo", "entra"]).optional()),
  // Sessions
  SESSION_IDLE_MINUTES: minutes(120, 7 * 24 * 60),
  SESSION_MAX_HOURS: minutes(12, 30 * 24),
  // Rate limits
  RATE_LIMIT_SUBMISSIONS_PER_HOUR: minutes(30, 10_000),
  RATE_LIMIT_DECISIONS_PER_HOUR: minutes(120, 10_000),
  RATE_LIMIT_FORM_POSTS_PER_MINUTE: minutes(120, 100_000),
  // Behaviour
  BACKGROUND_WORK: z.preprocess(emptyToUndefined, z.enum(["in-process", "external"]).default("in-process")),
  SYNC_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(5).max(86400).default(30)),
  RETIREMENT_WINDOW_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(730).default(90)),
  APPROVAL_FORBID_SAME_TEAM: bool(true),
  DEPLOY_REMOVED_DEPLOYMENTS: z.preprocess(emptyToUndefined, z.enum(["keep", "delete"], { message: "must be keep or delete" }).default("keep")),
  // Notifications: e-mail through SMTP (off unless SMTP_HOST is set, or in demo mode the local mail catcher)
  SMTP_HOST: optionalString,
  SMTP_PORT: port(587),
  SMTP_SECURE: bool(false),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_FROM: z.preprocess(emptyToUndefined, z.string().default("ModelGate <modelgate@localhost>")),
  NOTIFY_TEAMS_WEBHOOK_URL: optionalUrl,
  NOTIFY_SLACK_WEBHOOK_URL: optionalUrl,
  NOTIFY_WAITING_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().min(0.01).max(24 * 90).default(24)),
  MAIL_EMULATOR_SMTP_PORT: port(4040),
  MAIL_EMULATOR_WEB_PORT: port(4041),
});

export type RawEnv = z.infer<typeof EnvSchema>;

export type Role = "requester" | "approver" | "manager" | "admin";

export interface AppConfig {
  mode: "demo" | "production";
  nodeEnv: "development" | "production" | "test";
  port: number;
  publicUrl: string;
  dataDir: string;
  sessionSecret: string | undefined;
  database: { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };
  github: {
    apiUrl: string;
    owner: string;
    repo: string;
    baseBranch: string;
    auth: { kind: "token"; token: string } | { kind: "app"; appId: string; privateKey: string; installationId: string };
    /** Second identity for reviews: GitHub refuses an approval from the pull request's author. */
    reviewerToken: string | undefined;
    webhookSecret: string | undefined;
    paramFileGlob: string;
    /** The parameter holding the deployments array in every parameter file. */
    deploymentsParam: string;
    mergeMethod: "merge" | "squash" | "rebase" | "none";
    prLabels: string[];
    prReviewers: string[];
    prTeamReviewers: string[];
    emulatorPort: number;
  };
  azure: {
    subscriptionId: string;
    endpoint: string;
    credential: "default" | "client-secret" | "managed-identity" | "workload-identity" | "static-token";
    tenantId: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    emulatorPort: number;
    /** The name the deploy workflow gives its subscription-scope deployment (`az deployment sub create --name`). */
    deploymentName: string;
  };
  /** How people sign in: the demo people (demo mode only) or Entra ID through MSAL. */
  signIn: { kind: "demo" } | EntraSignInConfig;
  session: {
    /** A session unused for this long ends. */
    idleMinutes: number;
    /** A session ends this long after sign-in, however busy. */
    maxHours: number;
  };
  entraEmulatorPort: number;
  rateLimits: {
    /** New requests one person may submit per hour. */
    submissionsPerHour: number;
    /** Decisions (approve, request changes, reject) one person may make per hour. */
    decisionsPerHour: number;
    /** Form posts (any server action) per browser session per minute, answered 429 past it. */
    formPostsPerMinute: number;
  };
  /** in-process: the portal runs the job runner and reconciler itself; external: `npm run worker` does. */
  backgroundWork: "in-process" | "external";
  syncIntervalSeconds: number;
  retirementWindowDays: number;
  approvalForbidSameTeam: boolean;
  /**
   * What the repository's deploy does with deployments the parameter file no longer has: keep them (an incremental
   * `az deployment … create`) or delete them (a deployment stack with actionOnUnmanage delete). Plans say so.
   */
  deployRemovedDeployments: "keep" | "delete";
  notifications: {
    /** E-mail through SMTP; null sends no e-mail. */
    smtp: { host: string; port: number; secure: boolean; user: string | undefined; password: string | undefined; from: string } | null;
    teamsWebhookUrl: string | undefined;
    slackWebhookUrl: string | undefined;
    /** Approvers hear of a request waiting longer than this. */
    waitingHours: number;
    /** Demo mode: the local mail catcher's web API, whose messages the demo's mail page shows. */
    demoMailbox: { smtpPort: number; webUrl: string } | null;
  };
}

export interface EntraSignInConfig {
  kind: "entra";
  tenantId: string;
  clientId: string;
  credential: { kind: "secret"; secret: string } | { kind: "certificate"; certificateFile: string; keyFile: string };
  /** `https://login.microsoftonline.com/{tenant}` or the emulator's equivalent. */
  authority: string;
  /** Hosts MSAL must trust without Microsoft's instance discovery (any non-Microsoft authority host). */
  knownAuthorities: string[];
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** App role value in the token → ModelGate role. */
  roleNames: Record<Role, string>;
  /** Group object id (lower case) → team name. */
  groupTeams: { groupId: string; team: string }[];
}

/** Raised when the environment is unusable; the message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `ModelGate cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nSee .env.example for every variable.",
    );
    this.name = "ConfigError";
  }
}

/** Parses an environment (process.env by default) into ModelGate's configuration, or throws ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const need = (name: keyof RawEnv, why: string) => {
    if (e[name] === undefined) problems.push(`${name}: required in production mode (${why})`);
  };
  const demo = e.MODELGATE_MODE === "demo";
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.MODELGATE_DATA_DIR ?? ".data");

  if (!demo) {
    need("SESSION_SECRET", "seals the session cookie");
    need("DATABASE_URL", "production stores requests in PostgreSQL");
    need("MODELGATE_PUBLIC_URL", "links in pull requests and the sign-in redirect");
    need("GITHUB_OWNER", "owner of the platform repository");
    need("GITHUB_REPO", "name of the platform repository");
    need("GITHUB_WEBHOOK_SECRET", "verifies X-Hub-Signature-256 on webhooks");
    if (!e.GITHUB_TOKEN && !(e.GITHUB_APP_ID && e.GITHUB_APP_PRIVATE_KEY && e.GITHUB_APP_INSTALLATION_ID)) {
      problems.push(
        "GITHUB_TOKEN or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID: one GitHub credential is required in production mode",
      );
    }
    need("AZURE_SUBSCRIPTION_ID", "subscription that holds the Azure OpenAI accounts");
    if (e.AZURE_CREDENTIAL === "client-secret") {
      need("AZURE_TENANT_ID", "AZURE_CREDENTIAL=client-secret");
      need("AZURE_CLIENT_ID", "AZURE_CREDENTIAL=client-secret");
      need("AZURE_CLIENT_SECRET", "AZURE_CREDENTIAL=client-secret");
    }
    need("ENTRA_TENANT_ID", "Entra ID sign-in");
    need("ENTRA_CLIENT_ID", "Entra ID sign-in");
    if (!e.ENTRA_CLIENT_SECRET && !(e.ENTRA_CLIENT_CERTIFICATE_FILE && e.ENTRA_CLIENT_CERTIFICATE_KEY_FILE)) {
      problems.push(
        "ENTRA_CLIENT_SECRET or ENTRA_CLIENT_CERTIFICATE_FILE + ENTRA_CLIENT_CERTIFICATE_KEY_FILE: one Entra ID client credential is required in production mode",
      );
    }
    if (e.MODELGATE_SIGNIN === "demo") problems.push("MODELGATE_SIGNIN: demo sign-in is not available in production mode (unset it)");
  }
  if (Boolean(e.ENTRA_CLIENT_CERTIFICATE_FILE) !== Boolean(e.ENTRA_CLIENT_CERTIFICATE_KEY_FILE)) {
    problems.push("ENTRA_CLIENT_CERTIFICATE_FILE and ENTRA_CLIENT_CERTIFICATE_KEY_FILE: set both (the certificate and its private key) or neither");
  }
  const roleValues = [e.ENTRA_ROLE_REQUESTER, e.ENTRA_ROLE_APPROVER, e.ENTRA_ROLE_MANAGER, e.ENTRA_ROLE_ADMIN];
  if (new Set(roleValues).size !== roleValues.length) problems.push("ENTRA_ROLE_*: each ModelGate role needs its own app role value");
  if (problems.length) throw new ConfigError(problems);

  const publicUrl = (e.MODELGATE_PUBLIC_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, "");
  const githubAuth: AppConfig["github"]["auth"] =
    e.GITHUB_APP_ID && e.GITHUB_APP_PRIVATE_KEY && e.GITHUB_APP_INSTALLATION_ID
      ? {
          kind: "app",
          appId: e.GITHUB_APP_ID,
          privateKey: e.GITHUB_APP_PRIVATE_KEY.replace(/\\n/g, "\n"),
          installationId: e.GITHUB_APP_INSTALLATION_ID,
        }
      : { kind: "token", token: e.GITHUB_TOKEN ?? e.GITHUB_EMULATOR_TOKEN ?? DEMO_GITHUB_TOKEN };

  return {
    mode: e.MODELGATE_MODE,
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    publicUrl,
    dataDir,
    sessionSecret: e.SESSION_SECRET,
    database: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL } : { kind: "pglite", dir: path.join(dataDir, "pglite") },
    github: {
      apiUrl: (e.GITHUB_API_URL ?? (demo ? `http://127.0.0.1:${e.GITHUB_EMULATOR_PORT}` : "https://api.github.com")).replace(/\/$/, ""),
      owner: e.GITHUB_OWNER ?? "contoso",
      repo: e.GITHUB_REPO ?? "platform-ai-models",
      baseBranch: e.GITHUB_BASE_BRANCH,
      auth: githubAuth,
      reviewerToken: e.GITHUB_REVIEWER_TOKEN ?? (demo ? DEMO_REVIEWER_TOKEN : undefined),
      // No built-in secret, even in demo mode: `npm run demo` makes a random one per data folder.
      webhookSecret: e.GITHUB_WEBHOOK_SECRET,
      paramFileGlob: e.GITHUB_PARAM_FILE_GLOB,
      deploymentsParam: e.GITHUB_DEPLOYMENTS_PARAM,
      mergeMethod: e.GITHUB_MERGE_METHOD,
      prLabels: e.GITHUB_PR_LABELS.length ? e.GITHUB_PR_LABELS : ["modelgate", "ai-models"],
      prReviewers: e.GITHUB_PR_REVIEWERS,
      prTeamReviewers: e.GITHUB_PR_TEAM_REVIEWERS,
      emulatorPort: e.GITHUB_EMULATOR_PORT,
    },
    azure: {
      subscriptionId: e.AZURE_SUBSCRIPTION_ID ?? DEMO_SUBSCRIPTION_ID,
      endpoint: (e.AZURE_ARM_ENDPOINT ?? (demo ? `https://127.0.0.1:${e.AZURE_EMULATOR_PORT}` : "https://management.azure.com")).replace(/\/$/, ""),
      credential: demo && !e.AZURE_ARM_ENDPOINT?.startsWith("https://management.") ? "static-token" : e.AZURE_CREDENTIAL,
      tenantId: e.AZURE_TENANT_ID,
      clientId: e.AZURE_CLIENT_ID,
      clientSecret: e.AZURE_CLIENT_SECRET,
      emulatorPort: e.AZURE_EMULATOR_PORT,
      deploymentName: e.AZURE_DEPLOYMENT_NAME,
    },
    signIn: demo && e.MODELGATE_SIGNIN !== "entra" ? { kind: "demo" } : entraSignIn(e, demo, publicUrl),
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    entraEmulatorPort: e.ENTRA_EMULATOR_PORT,
    rateLimits: {
      submissionsPerHour: e.RATE_LIMIT_SUBMISSIONS_PER_HOUR,
      decisionsPerHour: e.RATE_LIMIT_DECISIONS_PER_HOUR,
      formPostsPerMinute: e.RATE_LIMIT_FORM_POSTS_PER_MINUTE,
    },
    backgroundWork: e.BACKGROUND_WORK,
    syncIntervalSeconds: e.SYNC_INTERVAL_SECONDS,
    retirementWindowDays: e.RETIREMENT_WINDOW_DAYS,
    approvalForbidSameTeam: e.APPROVAL_FORBID_SAME_TEAM,
    deployRemovedDeployments: e.DEPLOY_REMOVED_DEPLOYMENTS,
    notifications: {
      smtp: e.SMTP_HOST
        ? { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, password: e.SMTP_PASSWORD, from: e.SMTP_FROM }
        : demo
          ? { host: "127.0.0.1", port: e.MAIL_EMULATOR_SMTP_PORT, secure: false, user: undefined, password: undefined, from: e.SMTP_FROM }
          : null,
      teamsWebhookUrl: e.NOTIFY_TEAMS_WEBHOOK_URL,
      slackWebhookUrl: e.NOTIFY_SLACK_WEBHOOK_URL,
      waitingHours: e.NOTIFY_WAITING_HOURS,
      demoMailbox: demo && !e.SMTP_HOST ? { smtpPort: e.MAIL_EMULATOR_SMTP_PORT, webUrl: `http://127.0.0.1:${e.MAIL_EMULATOR_WEB_PORT}` } : null,
    },
  };
}

/** Entra ID sign-in settings; in demo mode every value defaults to the Entra ID emulator's. */
function entraSignIn(e: RawEnv, demo: boolean, publicUrl: string): EntraSignInConfig {
  const tenantId = e.ENTRA_TENANT_ID ?? DEMO_ENTRA.tenantId;
  const defaultAuthority = demo
    ? `https://127.0.0.1:${e.ENTRA_EMULATOR_PORT}/${tenantId}`
    : `https://login.microsoftonline.com/${tenantId}`;
  const authority = (e.ENTRA_AUTHORITY ?? defaultAuthority).replace(/\/$/, "");
  const authorityHost = new URL(authority).host;
  const certificate =
    e.ENTRA_CLIENT_CERTIFICATE_FILE && e.ENTRA_CLIENT_CERTIFICATE_KEY_FILE
      ? { kind: "certificate" as const, certificateFile: e.ENTRA_CLIENT_CERTIFICATE_FILE, keyFile: e.ENTRA_CLIENT_CERTIFICATE_KEY_FILE }
      : undefined;
  return {
    kind: "entra",
    tenantId,
    clientId: e.ENTRA_CLIENT_ID ?? DEMO_ENTRA.clientId,
    credential: certificate ?? { kind: "secret", secret: e.ENTRA_CLIENT_SECRET ?? DEMO_ENTRA.clientSecret },
    authority,
    knownAuthorities: MICROSOFT_AUTHORITY_HOSTS.includes(authorityHost.toLowerCase()) ? [] : [authorityHost],
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/signin`,
    roleNames: {
      requester: e.ENTRA_ROLE_REQUESTER,
      approver: e.ENTRA_ROLE_APPROVER,
      manager: e.ENTRA_ROLE_MANAGER,
      admin: e.ENTRA_ROLE_ADMIN,
    },
    groupTeams: e.ENTRA_GROUP_TEAMS ?? (demo ? DEMO_ENTRA.groupTeams.map((g) => ({ ...g })) : []),
  };
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed once from process.env. Throws ConfigError with every problem listed. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Forget the cached configuration (tests change the environment between cases). */
export function resetConfigForTests(): void {
  cached = undefined;
}

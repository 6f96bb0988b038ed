/**
 * `npm run demo`: everything the demo needs on 127.0.0.1 in one command — the Azure, GitHub and Entra ID
 * emulators, the mail catcher and the portal (built once, then `next start`) with its embedded database — and a clean shutdown
 * on Ctrl-C. The portal trusts the Azure emulator's local certificate through NODE_EXTRA_CA_CERTS.
 *
 *   npm run demo [-- --port 3000] [--data-dir .data] [--reset] [--empty] [--verbose]
 *
 * A fresh data folder gets the demo world (scripts/demo-world.ts) before the portal starts, once; `--empty`
 * leaves it out (only the platform repository, the accounts and the demo people).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureLocalCertificates, extraCaCertsPath } from "../emulators/tls";
import { ConfigError, DEMO_ENTRA, parseConfig } from "../lib/env";
import { DEMO_WORLD_MARKER } from "./lib/demo-world-plan";
import { ServiceError, isPortFree, startService, stopServices, type RunningService } from "./lib/services";

const root = path.resolve(__dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxBin = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    reset: { type: "boolean", default: false },
    empty: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

/** A random secret kept in `file` (made on first use, readable by this user only). */
function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Newest modification time under the paths that make up the built portal. */
function newestSourceMtime(): number {
  const roots = ["app", "components", "lib", "public", "next.config.ts", "proxy.ts", "instrumentation.ts", "package-lock.json", "postcss.config.mjs"];
  let newest = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "node_modules" && !e.endsWith(".test.ts")) walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  roots.forEach((r) => walk(path.join(root, r)));
  return newest;
}

function buildIfNeeded(env: NodeJS.ProcessEnv) {
  const buildId = path.join(root, env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  console.log("Building the portal (first run or sources changed; takes a minute)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: values.verbose ? "inherit" : "pipe" });
  if (result.status !== 0) {
    if (!values.verbose) process.stderr.write(`${result.stdout?.toString() ?? ""}${result.stderr?.toString() ?? ""}`);
    throw new ServiceError("The portal build failed (output above).");
  }
}

async function main() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(values.port ? { PORT: values.port } : {}),
    ...(values["data-dir"] ? { MODELGATE_DATA_DIR: path.resolve(values["data-dir"]) } : {}),
  };
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.mode !== "demo") {
    console.error("npm run demo runs demo mode; unset MODELGATE_MODE (it is set to production).");
    process.exit(1);
  }
  if (values.reset && existsSync(config.dataDir)) {
    rmSync(config.dataDir, { recursive: true, force: true });
    console.log(`Reset: removed ${config.dataDir}`);
  }
  env.MODELGATE_DATA_DIR = config.dataDir;
  if (!config.github.webhookSecret) {
    // A secret everybody knows would let anyone sign webhooks: each data folder gets its own random one,
    // shared by the portal and the GitHub emulator that signs the deliveries.
    env.GITHUB_WEBHOOK_SECRET = readOrCreateSecret(path.join(config.dataDir, "webhook-secret"));
    config = parseConfig(env);
  }

  const services: RunningService[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping ModelGate demo…");
    await stopServices(services);
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    // Say so at once when a port is taken, not after a minute of building.
    const ports: [number, string][] = [
      [config.port, "PORT"],
      [config.azure.emulatorPort, "AZURE_EMULATOR_PORT"],
      [config.github.emulatorPort, "GITHUB_EMULATOR_PORT"],
      ...(config.notifications.demoMailbox
        ? ([
            [config.notifications.demoMailbox.smtpPort, "MAIL_EMULATOR_SMTP_PORT"],
            [Number(new URL(config.notifications.demoMailbox.webUrl).port), "MAIL_EMULATOR_WEB_PORT"],
          ] as [number, string][])
        : []),
      [config.entraEmulatorPort, "ENTRA_EMULATOR_PORT"],
    ];
    for (const [port, variable] of ports) {
      if (!(await isPortFree(port))) {
        throw new ServiceError(`Port ${port} on 127.0.0.1 is already in use. Stop whatever uses it, or run with ${variable}=<another port>.`);
      }
    }
    buildIfNeeded(env);
    const url = `http://127.0.0.1:${config.port}`;
    const certDir = path.join(config.dataDir, "certs");
    services.push(
      await startService({
        name: "azure emulator",
        command: process.execPath,
        args: [tsxBin, path.join(root, "emulators", "azure", "main.ts")],
        env: {
          ...env,
          AZURE_EMULATOR_PORT: String(config.azure.emulatorPort),
          AZURE_EMULATOR_DATA_DIR: path.join(config.dataDir, "azure-emulator"),
          AZURE_EMULATOR_CERT_DIR: certDir,
        },
        readyLine: /^azure emulator listening on /m,
        verbose: values.verbose,
      }),
    );
    console.log(services.at(-1)!.output.find((l) => l.startsWith("azure emulator listening")));
    // Node reads NODE_EXTRA_CA_CERTS once at start: the portal trusts the emulator's local CA from the outset
    // (bundled with any CA file the machine already names there).
    env.NODE_EXTRA_CA_CERTS = extraCaCertsPath(ensureLocalCertificates(certDir));
    services.push(
      await startService({
        name: "github emulator",
        command: process.execPath,
        args: [tsxBin, path.join(root, "emulators", "github", "main.ts")],
        env: {
          ...env,
          GITHUB_EMULATOR_PORT: String(config.github.emulatorPort),
          GITHUB_EMULATOR_DATA_DIR: path.join(config.dataDir, "github-emulator"),
          GITHUB_EMULATOR_TOKEN: config.github.auth.kind === "token" ? config.github.auth.token : undefined,
          // The emulated deploy workflow applies merged parameter files to the Azure emulator.
          AZURE_EMULATOR_URL: config.azure.endpoint,
          AZURE_EMULATOR_CA_FILE: path.join(certDir, "ca.pem"),
          AZURE_SUBSCRIPTION_ID: config.azure.subscriptionId,
          GITHUB_EMULATOR_REVIEWER_TOKEN: config.github.reviewerToken,
          // Webhooks to the portal. Deliveries made before the portal is up fail and are not retried (as on
          // GitHub); the portal's conditional poll catches up on those.
          GITHUB_EMULATOR_WEBHOOK_URL: `http://127.0.0.1:${config.port}/api/webhooks/github`,
          GITHUB_EMULATOR_WEBHOOK_SECRET: config.github.webhookSecret,
          // The emulated workflow deletes what the file drops exactly when the portal's plans say it does.
          GITHUB_EMULATOR_DELETE_ON_UNMANAGE: String(config.deployRemovedDeployments === "delete"),
        },
        readyLine: /^github emulator listening on /m,
        verbose: values.verbose,
      }),
    );
    console.log(services.at(-1)!.output.find((l) => l.startsWith("github emulator listening")));
    // The Entra ID emulator, so MODELGATE_SIGNIN=entra signs in through real MSAL on this machine. Its app
    // registration is the portal's (same ids and secret), with the portal's callback as redirect URI.
    const entra = config.signIn.kind === "entra" ? config.signIn : undefined;
    const callbacks = [`${url}/auth/callback`, `http://localhost:${config.port}/auth/callback`];
    const extraCallbacks = (process.env.ENTRA_EMULATOR_REDIRECT_URIS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const redirectUris = [...callbacks, ...extraCallbacks];
    services.push(
      await startService({
        name: "entra emulator",
        command: process.execPath,
        args: [tsxBin, path.join(root, "emulators", "entra", "main.ts")],
        env: {
          ...env,
          ENTRA_EMULATOR_PORT: String(config.entraEmulatorPort),
          ENTRA_EMULATOR_CERT_DIR: certDir,
          ENTRA_EMULATOR_DATA_DIR: path.join(config.dataDir, "entra-emulator"),
          ENTRA_EMULATOR_TENANT_ID: entra?.tenantId ?? DEMO_ENTRA.tenantId,
          ENTRA_EMULATOR_CLIENT_ID: entra?.clientId ?? DEMO_ENTRA.clientId,
          ENTRA_EMULATOR_CLIENT_SECRET: entra?.credential.kind === "secret" ? entra.credential.secret : DEMO_ENTRA.clientSecret,
          ENTRA_EMULATOR_REDIRECT_URIS: redirectUris.join(","),
          ENTRA_EMULATOR_POST_LOGOUT_REDIRECT_URIS: redirectUris.map((u) => new URL("/signin", u).href).join(","),
        },
        readyLine: /^entra emulator listening on /m,
        verbose: values.verbose,
      }),
    );
    console.log(services.at(-1)!.output.find((l) => l.startsWith("entra emulator listening")));
    const mailbox = config.notifications.demoMailbox;
    if (mailbox) {
      // The portal's e-mails go to a local mail catcher; its messages show on /notifications/mail.
      services.push(
        await startService({
          name: "mail emulator",
          command: process.execPath,
          args: [tsxBin, path.join(root, "emulators", "mail", "main.ts")],
          env: {
            ...env,
            MAIL_EMULATOR_SMTP_PORT: String(mailbox.smtpPort),
            MAIL_EMULATOR_WEB_PORT: new URL(mailbox.webUrl).port,
            MAIL_EMULATOR_DATA_DIR: path.join(config.dataDir, "mail-emulator"),
          },
          readyLine: /^mail emulator listening on /m,
          verbose: values.verbose,
        }),
      );
      console.log(services.at(-1)!.output.find((l) => l.startsWith("mail emulator listening")));
    }
    if (!values.empty && !existsSync(path.join(config.dataDir, DEMO_WORLD_MARKER))) {
      console.log("Making the demo world (first start of this data folder; a few minutes)…");
      // Not spawnSync: the emulators' output pipes must keep draining while the world is made.
      const world = spawn(process.execPath, [tsxBin, "--conditions=react-server", path.join(root, "scripts", "demo-world.ts")], {
        cwd: root,
        // The reconciler and the GitHub poll at their quickest, so deploys settle while the world is made.
        env: { ...env, PORT: String(config.port), SYNC_INTERVAL_SECONDS: "5" },
        stdio: values.verbose ? "inherit" : "pipe",
      });
      let output = "";
      world.stdout?.on("data", (c: Buffer) => {
        output += c.toString();
        // Its progress lines, so a first start doesn't look stuck.
        for (const line of c.toString().split("\n")) if (line.startsWith("demo world: ")) console.log(line);
      });
      world.stderr?.on("data", (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => world.once("exit", resolve));
      if (code !== 0) {
        if (!values.verbose) process.stderr.write(output);
        throw new ServiceError(`The demo world could not be made (output above). Start again with --reset, or with --empty to skip it.`);
      }
    }
    services.push(
      await startService({
        name: "portal",
        command: process.execPath,
        args: [nextBin, "start", "-H", "127.0.0.1", "-p", String(config.port)],
        env: { ...env, PORT: String(config.port) },
        ports: [config.port],
        readyUrl: `${url}/api/health`,
        verbose: values.verbose,
      }),
    );
    for (const s of services) {
      s.child.once("exit", (code) => {
        if (!stopping) {
          console.error(`${s.name} stopped unexpectedly (exit code ${code}). Last output:\n${s.output.slice(-20).join("\n")}`);
          void stop(1);
        }
      });
    }
    console.log(`ModelGate demo is running at ${url}`);
    console.log(
      config.signIn.kind === "entra"
        ? "Sign in with Microsoft: the Entra ID emulator lists the demo people. Press Ctrl-C to stop."
        : "Sign in as any demo person (MODELGATE_SIGNIN=entra signs in through the Entra ID emulator). Press Ctrl-C to stop.",
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    await stop(1);
  }
}

void main();

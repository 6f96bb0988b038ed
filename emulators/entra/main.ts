/**
 * CLI: `npm run emulator:entra`. Prints exactly one line once listening, then serves until SIGINT/SIGTERM.
 * Configuration comes from ENTRA_EMULATOR_* variables (see emulators/entra/README.md).
 */
import { readFileSync } from "node:fs";
import { DEFAULT_ENTRA_EMULATOR_PORT, startEntraEmulator } from "./server";

function fail(message: string, code = 1): never {
  process.stderr.write(`entra emulator: ${message}\n`);
  process.exit(code);
}

function listFromEnv(name: string): string[] | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length > 0) fail(`unknown argument ${args[0]} (configure with ENTRA_EMULATOR_* variables)`, 2);
  const rawPort = process.env.ENTRA_EMULATOR_PORT;
  const port = rawPort === undefined || rawPort.trim() === "" ? DEFAULT_ENTRA_EMULATOR_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`ENTRA_EMULATOR_PORT=${rawPort} is invalid: expected an integer from 0 to 65535`, 2);

  // The portal's default redirect URI when it runs on its default port; the demo launcher passes its own.
  const redirectUris = listFromEnv("ENTRA_EMULATOR_REDIRECT_URIS") ?? ["http://127.0.0.1:3000/auth/callback", "http://localhost:3000/auth/callback"];
  let emulator;
  try {
    emulator = await startEntraEmulator({
      port,
      certDir: process.env.ENTRA_EMULATOR_CERT_DIR || undefined,
      dataDir: process.env.ENTRA_EMULATOR_DATA_DIR || undefined,
      tenantId: process.env.ENTRA_EMULATOR_TENANT_ID || undefined,
      clientId: process.env.ENTRA_EMULATOR_CLIENT_ID || undefined,
      clientSecret: process.env.ENTRA_EMULATOR_CLIENT_SECRET || undefined,
      clientCertificate: process.env.ENTRA_EMULATOR_CLIENT_CERTIFICATE_FILE
        ? readFileSync(process.env.ENTRA_EMULATOR_CLIENT_CERTIFICATE_FILE, "utf8")
        : undefined,
      redirectUris,
      postLogoutRedirectUris:
        listFromEnv("ENTRA_EMULATOR_POST_LOGOUT_REDIRECT_URIS") ?? redirectUris.map((u) => new URL("/signin", u).href),
    });
  } catch (error) {
    fail((error as Error).message);
  }
  process.stdout.write(`entra emulator listening on ${emulator.url} tenant ${emulator.tenantId}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();

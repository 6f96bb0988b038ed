/**
 * A second portal beside the one Playwright's webServer starts, for the specs that need another sign-in
 * configuration (Entra ID through the emulator, production mode). It runs the same build with `next start`,
 * its own data folder, and the same emulators.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { startService, stopServices, type RunningService } from "../scripts/lib/services";

const root = path.resolve(__dirname, "..");
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

export interface ExtraPortal {
  url: string;
  stop(): Promise<void>;
  output(): string[];
}

/** Starts `next start` on E2E_PORT + offset with the given environment; the data folder starts empty. */
export async function startExtraPortal(offset: number, name: string, env: Record<string, string>): Promise<ExtraPortal> {
  const port = E2E_PORT + offset;
  const dataDir = path.join(root, ".data", `e2e-${E2E_PORT}-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const certDir = path.join(root, ".data", `e2e-${E2E_PORT}`, "certs");
  const service: RunningService = await startService({
    name,
    command: process.execPath,
    args: [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      MODELGATE_DATA_DIR: dataDir,
      GITHUB_EMULATOR_PORT: String(E2E_PORT + 1010),
      AZURE_EMULATOR_PORT: String(E2E_PORT + 1020),
      ENTRA_EMULATOR_PORT: String(E2E_PORT + 1030),
      // The CA the demo launcher made (bundled with the machine's own extra CAs when it had some).
      NODE_EXTRA_CA_CERTS: [path.join(certDir, "ca-bundle.pem"), path.join(certDir, "ca.pem")].find((f) => existsSync(f))!,
      // Sign-in tests need no reconciler; the main demo portal runs one against the same emulators.
      BACKGROUND_WORK: "external",
      ...env,
    },
    ports: [port],
    readyUrl: `http://127.0.0.1:${port}/signin`,
    timeoutMs: 120_000,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => stopServices([service]),
    output: () => service.output,
  };
}

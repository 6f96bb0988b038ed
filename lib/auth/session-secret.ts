import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/env";

let secret: string | undefined;

/**
 * The password that seals session cookies. Production requires SESSION_SECRET (lib/env.ts enforces it);
 * demo mode makes a random one once and keeps it in the data folder so sessions survive a restart.
 */
export function getSessionSecret(): string {
  if (secret) return secret;
  const config = getConfig();
  if (config.sessionSecret) return (secret = config.sessionSecret);
  const file = path.join(/*turbopackIgnore: true*/ config.dataDir, "session-secret");
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    secret = randomBytes(48).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}

/**
 * `npm run emulator:mail`: the demo's local mail catcher. Settings: MAIL_EMULATOR_SMTP_PORT (4040),
 * MAIL_EMULATOR_WEB_PORT (4041), MAIL_EMULATOR_DATA_DIR (keeps messages across restarts).
 */
import { startMailEmulator } from "./server";

const port = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${name} must be a port number`);
  return v;
};

async function main() {
  const mail = await startMailEmulator({
    smtpPort: port("MAIL_EMULATOR_SMTP_PORT", 4040),
    webPort: port("MAIL_EMULATOR_WEB_PORT", 4041),
    dataDir: process.env.MAIL_EMULATOR_DATA_DIR || undefined,
  });
  console.log(`mail emulator listening on smtp://127.0.0.1:${mail.smtpPort} web ${mail.webUrl}`);
  const stop = async () => {
    await mail.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

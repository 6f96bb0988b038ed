/**
 * A local mail catcher for the demo: an SMTP server (smtp-server) that accepts every message, parses it
 * (mailparser) and keeps it, and a small web API that lists what it caught — what MailHog or Mailpit do, so
 * the portal's e-mails can be read without a real mail server. Nothing is ever relayed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface MailEmulatorOptions {
  /** SMTP port (0: any free one). */
  smtpPort: number;
  /** Web API port (0: any free one). */
  webPort: number;
  /** Keep messages in this folder across restarts; in memory only when unset. */
  dataDir?: string;
  /** Messages kept (oldest dropped first). */
  limit?: number;
}

export interface MailEmulator {
  smtpPort: number;
  webUrl: string;
  messages(): CaughtMessage[];
  close(): Promise<void>;
}

function addresses(list: AddressObject | AddressObject[] | undefined): string[] {
  if (!list) return [];
  return (Array.isArray(list) ? list : [list]).flatMap((a) => a.value.map((v) => v.address ?? "").filter(Boolean));
}

/** Starts the catcher: SMTP on one port, the web API (`GET /api/messages[?to=]`, `DELETE /api/messages`) on another. */
export async function startMailEmulator(options: MailEmulatorOptions): Promise<MailEmulator> {
  const file = options.dataDir ? path.join(options.dataDir, "messages.json") : null;
  let messages: CaughtMessage[] = [];
  if (file) {
    mkdirSync(options.dataDir!, { recursive: true });
    try {
      messages = JSON.parse(readFileSync(file, "utf8")) as CaughtMessage[];
    } catch {
      messages = [];
    }
  }
  const save = () => {
    if (file) writeFileSync(file, JSON.stringify(messages));
  };
  let seq = messages.length;

  const smtp = new SMTPServer({
    // A catcher on 127.0.0.1: no TLS, any or no login.
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: "demo" }),
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          messages.push({
            id: String(++seq),
            receivedAt: new Date().toISOString(),
            from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            to: envelopeTo.length ? envelopeTo : addresses(parsed.to),
            subject: parsed.subject ?? "",
            text: (parsed.text ?? "").replace(/\s+$/, ""),
          });
          messages = messages.slice(-(options.limit ?? 500));
          save();
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort, "127.0.0.1", () => resolve());
  });
  smtp.on("error", (e) => console.error(`mail emulator: ${e.message}`));

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/api/messages" && req.method === "GET") {
      const to = url.searchParams.get("to")?.toLowerCase();
      const list = messages.filter((m) => !to || m.to.some((t) => t.toLowerCase() === to));
      return send(200, { messages: [...list].reverse() });
    }
    if (url.pathname === "/api/messages" && req.method === "DELETE") {
      messages = [];
      save();
      return send(200, { messages: [] });
    }
    if (url.pathname === "/healthz") return send(200, { ok: true, messages: messages.length });
    send(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => web.listen(options.webPort, "127.0.0.1", () => resolve()));

  const smtpAddress = (smtp as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    smtpPort: smtpAddress.port,
    webUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
    messages: () => [...messages],
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}

import "server-only";
import nodemailer from "nodemailer";
import type { NotificationSettings } from "@/lib/requests";
import type { ChannelJob, EmailJob } from "./produce";

/** A failure retrying can't fix (bad address, a channel URL that no longer exists): the job ends at once. */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndeliverableError";
  }
}

/** The plain-text e-mail: the message, the link, and how to turn this kind off. */
export function renderEmailText(job: EmailJob, settingsUrl: string): string {
  return `Hello ${job.name},\n\n${job.text}\n\nOpen it in ModelGate: ${job.url}\n\n—\nModelGate sends these because of your notification settings. Turn kinds off: ${settingsUrl}\n`;
}

/** Sends one e-mail through the configured SMTP server (nodemailer); throws to be retried by the job runner. */
export async function sendEmail(smtp: NonNullable<NotificationSettings["smtp"]>, job: EmailJob, settingsUrl: string): Promise<string> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? "" } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    const info = await transport.sendMail({ from: smtp.from, to: { name: job.name, address: job.to }, subject: job.subject, text: renderEmailText(job, settingsUrl) });
    return info.messageId;
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    // 5xx answers (no such mailbox, refused) won't change on a retry.
    if (code !== undefined && code >= 500 && code < 600) throw new UndeliverableError(`the mail server refused it (${code}): ${(e as Error).message}`);
    throw e;
  } finally {
    transport.close();
  }
}

/** A Microsoft Teams incoming-webhook message (MessageCard: title, text and a button). */
export function teamsPayload(job: ChannelJob): unknown {
  return {
    "@type": "MessageCard",
    "@context": "https://schema.org/extensions",
    summary: job.title,
    themeColor: "4F46E5",
    title: job.title,
    text: job.text,
    potentialAction: [{ "@type": "OpenUri", name: "Open in ModelGate", targets: [{ os: "default", uri: job.url }] }],
  };
}

/** Slack's `&`, `<` and `>` escaping for mrkdwn text. */
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Slack incoming-webhook message (text for notifications, one section block with a link). */
export function slackPayload(job: ChannelJob): unknown {
  return {
    text: `${job.title}: ${job.text}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: `*${slackEscape(job.title)}*\n${slackEscape(job.text)}\n<${job.url}|Open in ModelGate>` } }],
  };
}

/** Posts one message to a Teams or Slack incoming webhook; a non-2xx answer throws (4xx other than 429 for good). */
export async function sendToChannel(url: string, job: ChannelJob, fetchImpl: typeof fetch = fetch): Promise<void> {
  const res = await fetchImpl(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(job.channel === "teams" ? teamsPayload(job) : slackPayload(job)),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.ok) return;
  const text = (await res.text().catch(() => "")).slice(0, 200);
  const message = `${job.channel === "teams" ? "Teams" : "Slack"} answered ${res.status}${text ? `: ${text}` : ""}`;
  if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new UndeliverableError(message);
  throw new Error(message);
}

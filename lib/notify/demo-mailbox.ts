import "server-only";

/** One e-mail the demo's local mail catcher received. */
export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * The e-mails the demo's mail catcher (emulators/mail) received, newest first, read from its web API. Demo
 * mode only: production sends to a real SMTP server and reads nothing back.
 */
export async function listCaughtMail(webUrl: string, options: { to?: string } = {}): Promise<CaughtMail[]> {
  const url = new URL("/api/messages", webUrl);
  if (options.to) url.searchParams.set("to", options.to);
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000), cache: "no-store" });
  if (!res.ok) throw new Error(`the mail catcher answered ${res.status}`);
  const body = (await res.json()) as { messages: CaughtMail[] };
  return body.messages;
}

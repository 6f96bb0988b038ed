import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth";
import { getConfig } from "@/lib/env";
import { loadDemoMailbox } from "@/lib/read-models";

export const metadata = { title: "Demo mailbox" };
export const dynamic = "force-dynamic";

/** Demo mode only: the e-mails ModelGate sent, as the local mail catcher received them. */
export default async function DemoMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  const user = await requireUser("/notifications/mail");
  const mailbox = getConfig().notifications.demoMailbox;
  if (!mailbox) notFound();
  const { to } = await searchParams;
  const mine = to === "me";
  const result = await loadDemoMailbox(mailbox.webUrl, mine ? { to: user.email } : {});
  return (
    <>
      <PageHeader
        title="Demo mailbox"
        description={`In demo mode ModelGate sends its e-mails to a local mail catcher (SMTP on 127.0.0.1:${mailbox.smtpPort}) instead of a real mail server. These are the messages it caught.`}
        actions={<Link href="/notifications" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">Notifications</Link>}
      />
      <nav aria-label="Whose e-mail" className="mb-4 flex gap-2 text-sm">
        <Link href="/notifications/mail" aria-current={mine ? undefined : "page"} className={`rounded-full px-3 py-1 ring-1 ${mine ? "ring-slate-300 dark:ring-slate-700" : "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-400 dark:text-slate-950"}`}>Everyone&apos;s</Link>
        <Link href="/notifications/mail?to=me" aria-current={mine ? "page" : undefined} className={`rounded-full px-3 py-1 ring-1 ${mine ? "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-400 dark:text-slate-950" : "ring-slate-300 dark:ring-slate-700"}`}>Mine ({user.email})</Link>
      </nav>
      {!result || "error" in result ? (
        <Notice tone="warning" title="The mailbox can't be shown">{result && "error" in result ? result.error : "No mail catcher is configured."}</Notice>
      ) : result.messages.length === 0 ? (
        <EmptyState title="No e-mail yet">E-mails appear here as ModelGate sends them: decisions, failures, new requests for approvers.</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="mail-list">
          {result.messages.map((m) => (
            <li key={m.id}>
              <Card>
                <article aria-label={m.subject} data-testid="mail">
                  <h2 className="text-sm font-semibold [overflow-wrap:anywhere]">{m.subject}</h2>
                  <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                    To {m.to.join(", ")} · from {m.from} · <LocalTime iso={m.receivedAt} />
                  </p>
                  <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm text-slate-800 dark:text-slate-200">{m.text}</pre>
                </article>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

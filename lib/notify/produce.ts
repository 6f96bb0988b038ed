import "server-only";
import { listUsersWithTeams, type PrismaClient, type UserWithTeams } from "@/lib/db";
import { enqueueJob, JOB_KINDS, whyCannotDecide, type Db, type DomainSettings } from "@/lib/requests";
import { composeMessages, composeWaitingMessage, type Message, type NotifiedRequest } from "./compose";
import type { NotificationKind } from "./kinds";

/** What producing notifications needs: the database and the settings (public URL, channels, the waiting limit). */
export interface NotifyDeps {
  db: PrismaClient;
  settings: Pick<DomainSettings, "publicUrl" | "forbidSameTeam" | "notifications">;
  now?: () => Date;
}

/** An e-mail to one person, as the outbox keeps it until it is sent. */
export interface EmailJob {
  to: string;
  name: string;
  subject: string;
  text: string;
  url: string;
}

/** A message to a team channel (Teams or Slack), as the outbox keeps it until it is sent. */
export interface ChannelJob {
  channel: "teams" | "slack";
  title: string;
  text: string;
  url: string;
}

/** Kinds that also go to the platform's Teams/Slack channel (the approvers' and admins' news). */
const CHANNEL_KINDS: readonly NotificationKind[] = ["new-request", "waiting", "failure", "deletion"];

async function loadNotifiedRequest(db: Db, requestId: string): Promise<(NotifiedRequest & { requesterId: string; teamId: string; requesterEmail: string }) | null> {
  const r = await db.request.findUnique({ where: { id: requestId }, include: { team: { select: { name: true } }, requester: { select: { name: true, email: true } } } });
  if (!r) return null;
  return { ...r, teamName: r.team.name, requesterName: r.requester.name, requesterEmail: r.requester.email };
}

/** Who gets a message: the requester; the approvers who may decide it; the admins. */
function recipientsOf(message: Message, request: { requesterId: string; teamId: string }, users: UserWithTeams[], settings: NotifyDeps["settings"], actorId: string | null): UserWithTeams[] {
  const chosen =
    message.audience === "requester"
      ? users.filter((u) => u.id === request.requesterId)
      : message.audience === "admins"
        ? users.filter((u) => u.role === "admin")
        : users.filter((u) => whyCannotDecide(u, request, settings.forbidSameTeam) === null);
  // Nobody hears of what they did themselves.
  return chosen.filter((u) => u.id !== actorId);
}

/**
 * Writes each recipient's in-app notification (once per person and cause: `sourceKey`) and queues the e-mails
 * and channel messages, all in one transaction. Idempotent: running it again for the same cause adds nothing.
 */
async function deliver(deps: NotifyDeps, request: NotifiedRequest & { requesterId: string; teamId: string }, messages: Message[], sourceKey: string, actorId: string | null): Promise<number> {
  if (messages.length === 0) return 0;
  const users = await listUsersWithTeams(deps.db);
  let written = 0;
  await deps.db.$transaction(async (tx) => {
    for (const message of messages) {
      const recipients = recipientsOf(message, request, users, deps.settings, actorId);
      const prefs = await tx.notificationPreference.findMany({ where: { kind: message.kind, userId: { in: recipients.map((u) => u.id) } } });
      const url = `${deps.settings.publicUrl}${message.path}`;
      for (const user of recipients) {
        const pref = prefs.find((p) => p.userId === user.id);
        const key = `${sourceKey}:${message.kind}`;
        if (pref?.inApp !== false) {
          const { count } = await tx.notification.createMany({
            data: [{ userId: user.id, kind: message.kind, requestId: request.id, sourceKey: key, title: message.title, body: message.body, url: message.path }],
            skipDuplicates: true,
          });
          written += count;
        }
        if (pref?.email !== false && deps.settings.notifications.smtp) {
          const email: EmailJob = { to: user.email, name: user.name, subject: message.title, text: message.body, url };
          await enqueueJob(tx, { kind: JOB_KINDS.notifyEmail, requestId: request.id, payload: { ...email }, dedupeKey: `${JOB_KINDS.notifyEmail}:${user.id}:${key}` });
        }
      }
      if (CHANNEL_KINDS.includes(message.kind)) {
        const { teamsWebhookUrl, slackWebhookUrl } = deps.settings.notifications;
        for (const channel of [teamsWebhookUrl ? "teams" : null, slackWebhookUrl ? "slack" : null].filter((c): c is ChannelJob["channel"] => c !== null)) {
          const job: ChannelJob = { channel, title: message.title, text: message.body, url };
          await enqueueJob(tx, { kind: JOB_KINDS.notifyChannel, requestId: request.id, payload: { ...job }, dedupeKey: `${JOB_KINDS.notifyChannel}:${channel}:${sourceKey}:${message.kind}` });
        }
      }
    }
  });
  return written;
}

/** The notifications a timeline entry causes (decisions, failures, success, new requests…); returns how many were written. */
export async function notifyOfEvent(deps: NotifyDeps, eventId: bigint): Promise<number> {
  const event = await deps.db.requestEvent.findUnique({ where: { id: eventId } });
  if (!event) return 0;
  const request = await loadNotifiedRequest(deps.db, event.requestId);
  if (!request) return 0;
  return deliver(deps, request, composeMessages(request, event), `event:${event.id}`, event.actorId);
}

/**
 * Reminds approvers of requests that have waited for a decision longer than the limit: once per request and
 * revision. Returns how many reminders were written.
 */
export async function notifyLongWaits(deps: NotifyDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  const limitMs = deps.settings.notifications.waitingHours * 3_600_000;
  const cutoff = new Date(now.getTime() - limitMs);
  const waiting = await deps.db.request.findMany({
    where: { status: "awaiting_approval", OR: [{ revisedAt: { lt: cutoff } }, { revisedAt: null, submittedAt: { lt: cutoff } }] },
    select: { id: true, revision: true, submittedAt: true, revisedAt: true },
    take: 200,
  });
  let written = 0;
  for (const w of waiting) {
    const request = await loadNotifiedRequest(deps.db, w.id);
    if (!request) continue;
    const since = (w.revisedAt ?? w.submittedAt ?? now).getTime();
    written += await deliver(deps, request, [composeWaitingMessage(request, (now.getTime() - since) / 3_600_000)], `waiting:${w.id}:${w.revision}`, null);
  }
  return written;
}

/**
 * Notifications end to end against the in-process emulators, PGlite and the demo's mail catcher: lifecycle
 * moves write notify jobs; the job runner writes in-app notifications once per person and cause, e-mails them
 * through SMTP (once, retried), posts to a chat webhook, respects each person's settings, and reminds
 * approvers of long waits.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailEmulator, type MailEmulator } from "@/test/emulators";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { requestChanges, submitRequest, type DomainDeps } from "@/lib/requests";
import { listNotifications, markNotificationsRead, saveNotificationSettings } from "./inbox";
import { notifyLongWaits } from "./produce";

let world: TestWorld;
let mail: MailEmulator;
let chat: http.Server;
const chatPosts: unknown[] = [];
let chatStatus = 500;
let deps: DomainDeps;

beforeAll(async () => {
  world = await startTestWorld();
  mail = await startMailEmulator({ smtpPort: 0, webPort: 0 });
  chat = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (chatStatus === 200) chatPosts.push(JSON.parse(body));
      res.writeHead(chatStatus).end(chatStatus === 200 ? "1" : "busy");
    });
  });
  await new Promise<void>((r) => chat.listen(0, "127.0.0.1", r));
  deps = {
    ...world.deps,
    settings: {
      ...world.deps.settings,
      notifications: {
        smtp: { host: "127.0.0.1", port: mail.smtpPort, secure: false, from: "ModelGate <modelgate@localhost>" },
        slackWebhookUrl: `http://127.0.0.1:${(chat.address() as AddressInfo).port}/hook`,
        waitingHours: 1,
      },
    },
  };
}, 120_000);

afterAll(async () => {
  await mail?.close();
  chat?.close();
  await world?.close();
});

const runner = () => new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} });

async function caught(to: string) {
  const res = await fetch(`${mail.webUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: { subject: string; text: string }[] }).messages;
}

describe("notifications", () => {
  it("tells approvers of a new request and the requester of a decision, in the app and by e-mail, once each", async () => {
    const { users } = world.t;
    const { requestId } = await submitRequest(deps, users.priya, {
      action: "create",
      account: "contoso-openai-aue",
      teamId: users.priya.teams[0].id,
      deploymentName: "search-notify-1",
      modelName: "gpt-4o-mini",
      modelVersion: "2024-07-18",
      skuName: "GlobalStandard",
      capacity: 2,
      justification: "Notification test request.",
      submissionKey: "notify-test-key-1",
    });
    // The chat webhook is down at first: its job waits for a retry, the rest goes through.
    await new JobRunner(world.t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 60_000, log: () => {} }).drain();
    const r = await world.t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(r.status).toBe("awaiting_approval");

    // Approvers who may decide (Alex, Jordan; Sam the admin too) hear of it; Priya doesn't hear of her own request.
    for (const who of ["alex", "jordan", "sam"] as const) {
      const { items, unread } = await listNotifications(world.t.db.prisma, users[who]);
      expect(unread, who).toBe(1);
      expect(items[0]).toMatchObject({ kind: "new-request", title: `New request: #${r.number} search-notify-1 on contoso-openai-aue`, url: "/queue", read: false });
      expect(items[0].body).toContain("Priya Shah (Search) asks to add search-notify-1");
    }
    expect((await listNotifications(world.t.db.prisma, users.priya)).unread).toBe(0);
    expect((await caught("alex.kim@contoso.example")).map((m) => m.subject)).toEqual([`New request: #${r.number} search-notify-1 on contoso-openai-aue`]);
    expect(chatPosts).toHaveLength(0);

    // The chat comes back: the retried job posts once.
    chatStatus = 200;
    await world.t.db.prisma.outboxJob.updateMany({ where: { kind: "notify-channel", status: "pending" }, data: { runAt: new Date() } });
    await runner().drain();
    expect(chatPosts).toHaveLength(1);
    expect(JSON.stringify(chatPosts[0])).toContain(`New request: #${r.number} search-notify-1`);

    // Priya turned decision e-mails off (but not the in-app ones); Alex asks for changes.
    await saveNotificationSettings(world.t.db.prisma, users.priya, [{ kind: "decision", inApp: true, email: false }]);
    await requestChanges(deps, users.alex, { requestId, expectedVersion: r.version, comment: "Use 1, please." });
    await runner().drain();
    const priya = await listNotifications(world.t.db.prisma, users.priya);
    expect(priya.items[0]).toMatchObject({ kind: "decision", title: `Changes requested: #${r.number} search-notify-1` });
    expect(priya.items[0].body).toContain("“Use 1, please.”");
    expect(await caught("priya.shah@contoso.example")).toHaveLength(0);
    // Alex doesn't hear of his own decision.
    expect((await listNotifications(world.t.db.prisma, users.alex)).items).toHaveLength(1);

    // Producing the notifications again (a retried notify job) adds nothing: one notification and one e-mail job per person and cause.
    await world.t.db.prisma.outboxJob.updateMany({ where: { kind: "notify" }, data: { status: "pending", runAt: new Date() } });
    await runner().drain();
    expect((await listNotifications(world.t.db.prisma, users.alex)).items).toHaveLength(1);
    expect(await caught("alex.kim@contoso.example")).toHaveLength(1);

    // Marking read only ever touches one's own.
    expect(await markNotificationsRead(world.t.db.prisma, users.marcus, "all")).toBe(0);
    expect(await markNotificationsRead(world.t.db.prisma, users.priya, "all")).toBe(1);
    expect((await listNotifications(world.t.db.prisma, users.priya)).unread).toBe(0);
  }, 120_000);

  it("reminds approvers once of a request waiting longer than the limit", async () => {
    const pending = await world.t.db.prisma.request.findFirstOrThrow({ where: { status: "changes_requested" } });
    await world.t.db.prisma.request.update({ where: { id: pending.id }, data: { status: "awaiting_approval", submittedAt: new Date(Date.now() - 3 * 3_600_000) } });
    const later = { ...deps, now: () => new Date() };
    expect(await notifyLongWaits(later)).toBeGreaterThan(0);
    expect(await notifyLongWaits(later)).toBe(0);
    const alex = await listNotifications(world.t.db.prisma, world.t.users.alex);
    expect(alex.items[0].title).toBe(`Waiting 3 hours: #${pending.number} search-notify-1 on contoso-openai-aue`);
  }, 60_000);
});

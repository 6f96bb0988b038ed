import "server-only";
import type { Webhooks } from "@octokit/webhooks";
import type { PrismaClient } from "@/lib/db";
import { summarizeGitHubEvent } from "./apply-github-event";
import { enqueueJob, JOB_KINDS } from "./outbox";

const verifiers = new Map<string, Webhooks>();

/** True when the body was signed with the secret (X-Hub-Signature-256, constant-time compare by @octokit/webhooks). */
export async function verifyWebhookSignature(secret: string, body: string, signature: string | null): Promise<boolean> {
  if (!signature || !signature.startsWith("sha256=")) return false;
  let webhooks = verifiers.get(secret);
  if (!webhooks) {
    // Loaded on first use: @octokit/webhooks is ESM-only, and `npm run worker` (tsx, CommonJS) loads this
    // module through lib/requests without ever verifying a webhook.
    const { Webhooks: WebhooksClass } = await import("@octokit/webhooks");
    webhooks = new WebhooksClass({ secret });
    verifiers.set(secret, webhooks);
  }
  try {
    return await webhooks.verify(body, signature);
  } catch {
    return false;
  }
}

export interface WebhookIntakeResult {
  status: number;
  body: { ok: boolean; message: string };
}

/**
 * Takes one GitHub webhook delivery: verifies its signature (bad or missing → 401, nothing written), records the
 * delivery id (a redelivery is acknowledged and ignored) and queues the work in the same transaction, so the
 * answer is fast and the work happens in the job runner. Returns whether a job was queued.
 */
export async function receiveGitHubWebhook(
  db: PrismaClient,
  input: { secret: string | undefined; body: string; signature: string | null; event: string | null; deliveryId: string | null },
): Promise<WebhookIntakeResult & { queued: boolean }> {
  if (!input.secret) return { status: 503, queued: false, body: { ok: false, message: "Webhooks are not configured (no webhook secret)." } };
  if (!(await verifyWebhookSignature(input.secret, input.body, input.signature))) {
    return { status: 401, queued: false, body: { ok: false, message: "Invalid or missing X-Hub-Signature-256." } };
  }
  if (!input.event || !input.deliveryId) return { status: 400, queued: false, body: { ok: false, message: "Missing X-GitHub-Event or X-GitHub-Delivery." } };
  let payload: unknown;
  try {
    payload = JSON.parse(input.body);
  } catch {
    return { status: 400, queued: false, body: { ok: false, message: "The body is not JSON." } };
  }
  const summary = summarizeGitHubEvent(input.event, payload);
  const deliveryId = input.deliveryId.slice(0, 200);
  const event = input.event.slice(0, 100);
  const queued = await db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.createMany({
      data: [{ deliveryId, event, processedAt: summary ? null : new Date() }],
      skipDuplicates: true,
    });
    if (count === 0) return null;
    if (summary) await enqueueJob(tx, { kind: JOB_KINDS.githubEvent, payload: { deliveryId, event: summary }, dedupeKey: `webhook:${deliveryId}` });
    return Boolean(summary);
  });
  if (queued === null) return { status: 200, queued: false, body: { ok: true, message: "Delivery already received." } };
  return { status: 202, queued, body: { ok: true, message: queued ? "Queued." : "Event ignored." } };
}

import { createHmac, randomUUID } from "node:crypto";
import type { ReviewState } from "./state";

export interface WebhookConfig {
  url: string;
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  action: string | null;
  status: number | null;
  error: string | null;
  deliveredAt: string;
}

type Payload = Record<string, unknown>;

/** X-Hub-Signature-256 for a body: HMAC-SHA256 with the webhook secret, hex, prefixed "sha256=". */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** GitHub's review states in webhook payloads are lower-case. */
export function webhookReviewState(state: ReviewState["state"]): string {
  return state.toLowerCase();
}

/**
 * Delivers webhooks the way GitHub does: POST with X-GitHub-Event, X-GitHub-Delivery, X-GitHub-Hook-ID,
 * X-Hub-Signature-256 and a GitHub-Hookshot user agent, one at a time in the order the events happened, no
 * automatic redelivery.
 */
export class WebhookSender {
  private chain: Promise<void> = Promise.resolve();
  readonly hookId = 471_230_915;

  constructor(
    private readonly config: WebhookConfig | undefined,
    private readonly record: (d: WebhookDelivery) => void,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config?.url);
  }

  /**
   * Queues an event. Its payload starts being built now (the state as of the event), and it is delivered after
   * every event queued before it, however long their payloads took to build.
   */
  enqueue(event: string, build: () => Promise<Payload> | Payload): void {
    if (!this.enabled) return;
    const built = Promise.resolve().then(build);
    this.chain = this.chain.then(async () => {
      let payload: Payload;
      try {
        payload = await built;
      } catch (e) {
        console.error(`github emulator: cannot build ${event} webhook:`, e);
        return;
      }
      await this.deliver(event, payload);
    });
  }

  private async deliver(event: string, payload: Payload): Promise<void> {
    const config = this.config!;
    const body = JSON.stringify(payload);
    const id = randomUUID();
    const delivery: WebhookDelivery = { id, event, action: typeof payload.action === "string" ? payload.action : null, status: null, error: null, deliveredAt: new Date().toISOString() };
    try {
      const res = await fetch(config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/emulator",
          "x-github-event": event,
          "x-github-delivery": id,
          "x-github-hook-id": String(this.hookId),
          "x-github-hook-installation-target-type": "repository",
          "x-hub-signature-256": signWebhookBody(config.secret, body),
          "x-hub-signature": `sha1=${createHmac("sha1", config.secret).update(body).digest("hex")}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.status = res.status;
    } catch (e) {
      delivery.error = (e as Error).message;
    }
    this.record(delivery);
  }

  /** Resolves when every queued delivery has been attempted. */
  flush(): Promise<void> {
    return this.chain;
  }
}

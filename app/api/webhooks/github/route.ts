import { GITHUB_WEBHOOK_MAX_BYTES, readLimitedBody } from "@/lib/http";
import { receiveGitHubWebhook } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const dynamic = "force-dynamic";

/** GitHub webhooks: verified, recorded once per delivery id, and handed to the job runner. */
export async function POST(request: Request): Promise<Response> {
  // Unsigned bodies are refused only after reading them, so the size is capped first (GitHub sends ≤ 25 MB).
  const read = await readLimitedBody(request, GITHUB_WEBHOOK_MAX_BYTES);
  if (!read.ok) return Response.json({ ok: false, message: read.message }, { status: read.status });
  const context = await getServerContext();
  const result = await receiveGitHubWebhook(context.db, {
    secret: context.config.github.webhookSecret,
    body: read.text,
    signature: request.headers.get("x-hub-signature-256"),
    event: request.headers.get("x-github-event"),
    deliveryId: request.headers.get("x-github-delivery"),
  });
  if (result.queued) context.wakeJobs();
  return Response.json(result.body, { status: result.status });
}

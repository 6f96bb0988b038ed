import { receiveGitHubWebhook } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const dynamic = "force-dynamic";

/** GitHub webhooks: verified, recorded once per delivery id, and handed to the job runner. */
export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  const context = await getServerContext();
  const result = await receiveGitHubWebhook(context.db, {
    secret: context.config.github.webhookSecret,
    body,
    signature: request.headers.get("x-hub-signature-256"),
    event: request.headers.get("x-github-event"),
    deliveryId: request.headers.get("x-github-delivery"),
  });
  if (result.queued) context.wakeJobs();
  return Response.json(result.body, { status: result.status });
}

import { prisma } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { wakeBackgroundWork } from "@/lib/requests/background";
import { receiveGitHubWebhook } from "@/lib/requests/webhook-intake";

export const dynamic = "force-dynamic";

/** GitHub webhooks: verified, recorded once per delivery id, and handed to the job runner. */
export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  const result = await receiveGitHubWebhook(await prisma(), {
    secret: getConfig().github.webhookSecret,
    body,
    signature: request.headers.get("x-hub-signature-256"),
    event: request.headers.get("x-github-event"),
    deliveryId: request.headers.get("x-github-delivery"),
  });
  if (result.queued) wakeBackgroundWork();
  return Response.json(result.body, { status: result.status });
}

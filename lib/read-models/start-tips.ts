import "server-only";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { OPEN_PR_STATUSES, PENDING_STATUSES } from "@/lib/requests";

/**
 * The start page's two lines for a demo person: what they can try now, from what the demo world holds (counted
 * in the database, so the lines stay true as people use the demo, and with an empty world too).
 */
export async function loadStartTips(deps: { db: PrismaClient }, user: UserWithTeams): Promise<[string, string]> {
  const db = deps.db;
  const team = user.teams[0]?.name;
  if (user.role === "requester") {
    const [failed, pending] = await Promise.all([
      db.request.findFirst({ where: { status: "failed", requesterId: user.id }, orderBy: { completedAt: "desc" }, select: { number: true, deploymentName: true } }),
      db.request.findFirst({ where: { status: { in: [...PENDING_STATUSES] }, requesterId: user.id }, orderBy: { submittedAt: "asc" }, select: { number: true, deploymentName: true } }),
    ]);
    return [
      `Request a model${team ? ` for ${team}` : ""}: pick an account, model, version and capacity — the form shows what the region offers and the quota left, and ModelGate opens the pull request.`,
      failed
        ? `Open My requests: #${failed.number} (${failed.deploymentName}) failed in Azure and its page shows Azure's error; ${pending ? `#${pending.number} (${pending.deploymentName}) is still on its way.` : "a new request shows each step live."}`
        : pending
          ? `Follow #${pending.number} (${pending.deploymentName}) on its page, from pull request to Azure's answer; change or decommission your team's deployments from the Inventory.`
          : "Then follow it on its page, from pull request to Azure's answer; change or decommission your team's deployments from the Inventory.",
    ];
  }
  if (user.role === "approver" || user.role === "admin") {
    const [waiting, failing] = await Promise.all([
      db.request.count({ where: { status: { in: [...OPEN_PR_STATUSES] } } }),
      db.request.count({ where: { status: { in: [...OPEN_PR_STATUSES] }, checkStatus: "failure" } }),
    ]);
    const queue = waiting
      ? `${waiting} request${waiting === 1 ? " waits" : "s wait"} in the approval queue${failing ? ` (${failing} with failing checks)` : ""}: approve, request changes or reject — never your own.`
      : "The approval queue is empty: sign in as a Requester, ask for a model, then decide it here.";
    return user.role === "approver"
      ? [queue, "The Inventory compares the repository with Azure: look for Drift (changed by hand) and Not in repository (created in Azure)."]
      : [queue, "As Admin you can also request models for any team and read both dashboards; the retirement radar turns a retiring version into an upgrade request."];
  }
  return [
    "Quota dashboard: which pools are near their limit, who holds them, when they run out, and what to ask Azure for (Download CSV).",
    "Delivery dashboard: requests per week, lead time of each stage, failures and rejections, and the requests waiting longest.",
  ];
}

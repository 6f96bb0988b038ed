/**
 * The form a fault or crash test submits: a new gpt-4o-mini deployment of capacity 1 on the demo's Australia East
 * account, small enough that many fit in its quota.
 */
import type { UserWithTeams } from "@/lib/db/users";
import type { submitRequest } from "@/lib/requests";

export function newSmallDeployment(user: UserWithTeams, deploymentName: string, justification: string, submissionKey = `${deploymentName}-key`): Parameters<typeof submitRequest>[2] {
  return {
    action: "create",
    account: "contoso-openai-aue",
    teamId: user.teams[0].id,
    deploymentName,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 1,
    justification,
    submissionKey,
  };
}

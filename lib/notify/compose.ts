/** What a notification says about a request's move: one message per audience. Pure. */
import { formatCapacity, STATUS_LABELS, type RequestStatus } from "@/lib/requests/client";
import type { NotificationKind } from "./kinds";

/** The facts of a request a message needs. */
export interface NotifiedRequest {
  id: string;
  number: number;
  kind: "create" | "change" | "decommission";
  accountName: string;
  location: string;
  deploymentName: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  teamName: string;
  requesterName: string;
  lastError: string | null;
}

/** The timeline entry that moved the request. */
export interface NotifiedEvent {
  id: bigint | number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorName: string | null;
  message: string | null;
}

export interface Message {
  kind: NotificationKind;
  audience: "requester" | "approvers" | "admins";
  title: string;
  body: string;
  /** Path in the portal (the public URL is put in front where a full link is needed). */
  path: string;
}

/** "gpt-4o 2024-11-20, GlobalStandard × 10,000 tokens per minute" */
function describeShape(r: NotifiedRequest): string {
  return `${r.modelName} ${r.modelVersion}, ${r.skuName} × ${formatCapacity(r.capacity, r.skuName)}`;
}

/** "add search-gpt-4o (gpt-4o 2024-11-20, GlobalStandard × 10,000 tokens per minute)" */
export function describeAsk(r: NotifiedRequest): string {
  if (r.kind === "decommission") return `remove ${r.deploymentName}`;
  return `${r.kind === "create" ? "add" : "change"} ${r.deploymentName} (${describeShape(r)})`;
}

/** The messages a timeline entry produces (none for most entries). */
export function composeMessages(r: NotifiedRequest, e: NotifiedEvent): Message[] {
  const to = e.toStatus as RequestStatus | null;
  const path = `/requests/${r.id}`;
  const where = `${r.accountName} (${r.location})`;
  const who = e.actorName ?? "ModelGate";
  const subject = `#${r.number} ${r.deploymentName}`;
  const out: Message[] = [];
  const note = e.message?.trim();
  switch (to) {
    case "approved":
      out.push({ kind: "decision", audience: "requester", title: `Approved: ${subject}`, body: `${who} approved your request to ${describeAsk(r)} on ${where}. It deploys once merged.`, path });
      break;
    case "changes_requested":
      out.push({ kind: "decision", audience: "requester", title: `Changes requested: ${subject}`, body: `${who} asked for changes to your request to ${describeAsk(r)} on ${where}${note ? `: “${note}”` : "."} Revise it from the request page.`, path });
      break;
    case "rejected":
      out.push({ kind: "decision", audience: "requester", title: `Rejected: ${subject}`, body: `${who} rejected your request to ${describeAsk(r)} on ${where}${note ? `: “${note}”` : "."}`, path });
      break;
    case "failed":
      out.push({ kind: "failure", audience: "requester", title: `Failed: ${subject}`, body: `Your request to ${describeAsk(r)} on ${where} failed: ${note ?? r.lastError ?? "see the request page"}`, path });
      break;
    case "succeeded":
      out.push({
        kind: "success",
        audience: "requester",
        title: `Succeeded: ${subject}`,
        body: r.kind === "decommission" ? `${r.deploymentName} is gone from ${where}; its quota is free again.` : `Azure has ${r.deploymentName} on ${where} as you asked: ${describeShape(r)}.`,
        path,
      });
      break;
    case "awaiting_deletion":
      out.push({ kind: "success", audience: "requester", title: `Removed from the repository: ${subject}`, body: `${r.deploymentName} is no longer in the parameter file, but Azure still runs it (and it holds quota) until it is deleted in Azure.`, path });
      out.push({ kind: "deletion", audience: "admins", title: `Delete in Azure: ${r.deploymentName} on ${r.accountName}`, body: `Request #${r.number} (${r.teamName}) removed ${r.deploymentName} from the repository; Azure still runs it and it holds quota. Delete it from the request page or the list of waiting deletions.`, path });
      break;
    case "awaiting_approval":
      if (e.fromStatus === "submitting" || e.fromStatus === "changes_requested") {
        const revised = e.fromStatus === "changes_requested";
        out.push({
          kind: "new-request",
          audience: "approvers",
          title: `${revised ? "Revised" : "New request"}: ${subject} on ${r.accountName}`,
          body: `${r.requesterName} (${r.teamName}) asks to ${describeAsk(r)} on ${where}${revised ? " — revised after changes were requested" : ""}. ${STATUS_LABELS.awaiting_approval}.`,
          path: "/queue",
        });
      }
      break;
  }
  return out;
}

/** The reminder to approvers about a request waiting longer than the limit. */
export function composeWaitingMessage(r: NotifiedRequest, waitedHours: number): Message {
  const waited = waitedHours >= 48 ? `${Math.floor(waitedHours / 24)} days` : `${Math.max(1, Math.floor(waitedHours))} hour${Math.floor(waitedHours) === 1 ? "" : "s"}`;
  return {
    kind: "waiting",
    audience: "approvers",
    title: `Waiting ${waited}: ${`#${r.number} ${r.deploymentName}`} on ${r.accountName}`,
    body: `${r.requesterName} (${r.teamName}) asked to ${describeAsk(r)} on ${r.accountName} (${r.location}); it has waited ${waited} for a decision.`,
    path: "/queue",
  };
}

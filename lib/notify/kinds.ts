/** The kinds of notification a person can turn off, and who gets each. Pure (the settings page shows them). */

export const NOTIFICATION_KINDS = {
  decision: { label: "Decisions on my requests", description: "Approved, changes requested or rejected.", audience: "requester" },
  failure: { label: "My requests failed", description: "A pull request or a deploy failed and needs you.", audience: "requester" },
  success: { label: "My requests succeeded", description: "Azure has the deployment as you asked (or no longer has it, for a removal).", audience: "requester" },
  "new-request": { label: "New requests to decide", description: "A request (or a revision) waits for an approver, with its account and team.", audience: "approver" },
  waiting: { label: "Requests waiting too long", description: "A request has waited for a decision longer than the platform's limit.", audience: "approver" },
  deletion: { label: "Deployments to delete in Azure", description: "A removed deployment still runs in Azure and holds quota.", audience: "admin" },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

/** Every kind, in the order the settings page lists them. */
export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** Whether a string names a notification kind. */
export function isNotificationKind(kind: string): kind is NotificationKind {
  return kind in NOTIFICATION_KINDS;
}

/** The kinds a person with this role can receive (requesters don't decide, approvers may also request…). */
export function kindsForRole(role: "requester" | "approver" | "manager" | "admin"): NotificationKind[] {
  return NOTIFICATION_KIND_LIST.filter((k) => {
    const audience = NOTIFICATION_KINDS[k].audience;
    if (role === "admin") return true;
    if (audience === "requester") return role === "requester";
    if (audience === "approver") return role === "approver";
    return false;
  });
}

import { describe, expect, it } from "vitest";
import { composeMessages, composeWaitingMessage, type NotifiedRequest } from "./compose";
import { kindsForRole } from "./kinds";
import { slackPayload, teamsPayload } from "./send";

const request: NotifiedRequest = {
  id: "0b7f1c52-0000-4000-8000-000000000001",
  number: 12,
  kind: "create",
  accountName: "contoso-openai-aue",
  location: "australiaeast",
  deploymentName: "search-gpt-4o-2",
  modelName: "gpt-4o",
  modelVersion: "2024-11-20",
  skuName: "GlobalStandard",
  capacity: 10,
  teamName: "Search",
  requesterName: "Priya Shah",
  lastError: null,
};
const event = (toStatus: string | null, fromStatus: string | null = null, message: string | null = null) => ({ id: 1n, type: "x", fromStatus, toStatus, actorName: "Alex Kim", message });

describe("what notifications say", () => {
  it("tells the requester of decisions, failures and success, with the comment", () => {
    expect(composeMessages(request, event("approved", "awaiting_approval"))).toEqual([
      { kind: "decision", audience: "requester", title: "Approved: #12 search-gpt-4o-2", body: "Alex Kim approved your request to add search-gpt-4o-2 (gpt-4o 2024-11-20, GlobalStandard × 10,000 tokens per minute) on contoso-openai-aue (australiaeast). It deploys once merged.", path: `/requests/${request.id}` },
    ]);
    expect(composeMessages(request, event("changes_requested", "awaiting_approval", "Use 5."))[0]).toMatchObject({ kind: "decision", title: "Changes requested: #12 search-gpt-4o-2", body: expect.stringContaining("“Use 5.” Revise it from the request page.") });
    expect(composeMessages(request, event("failed", "deploying", "InsufficientQuota: …"))[0]).toMatchObject({ kind: "failure", audience: "requester", body: expect.stringContaining("failed: InsufficientQuota") });
    expect(composeMessages(request, event("succeeded", "deploying"))[0]).toMatchObject({ kind: "success", body: "Azure has search-gpt-4o-2 on contoso-openai-aue (australiaeast) as you asked: gpt-4o 2024-11-20, GlobalStandard × 10,000 tokens per minute." });
  });

  it("tells approvers of a new or revised request with its account and team, and nobody of the rest", () => {
    const [fresh] = composeMessages(request, event("awaiting_approval", "submitting"));
    expect(fresh).toMatchObject({ kind: "new-request", audience: "approvers", title: "New request: #12 search-gpt-4o-2 on contoso-openai-aue", path: "/queue" });
    expect(fresh.body).toContain("Priya Shah (Search) asks to add search-gpt-4o-2");
    expect(composeMessages(request, event("awaiting_approval", "changes_requested"))[0].title).toBe("Revised: #12 search-gpt-4o-2 on contoso-openai-aue");
    // An approval that fell back (merge not possible) is no news to approvers.
    expect(composeMessages(request, event("awaiting_approval", "approved"))).toEqual([]);
    expect(composeMessages(request, event("deploying", "merged"))).toEqual([]);
    expect(composeMessages(request, event(null))).toEqual([]);
  });

  it("a removal waiting in Azure tells the requester and the admins", () => {
    const removal = { ...request, kind: "decommission" as const };
    const messages = composeMessages(removal, event("awaiting_deletion", "deploying"));
    expect(messages.map((m) => [m.kind, m.audience])).toEqual([
      ["success", "requester"],
      ["deletion", "admins"],
    ]);
  });

  it("reminds approvers of a long wait in hours or days", () => {
    expect(composeWaitingMessage(request, 25).title).toBe("Waiting 25 hours: #12 search-gpt-4o-2 on contoso-openai-aue");
    expect(composeWaitingMessage(request, 73).title).toBe("Waiting 3 days: #12 search-gpt-4o-2 on contoso-openai-aue");
  });

  it("offers each role only the kinds it can receive", () => {
    expect(kindsForRole("requester")).toEqual(["decision", "failure", "success"]);
    expect(kindsForRole("approver")).toEqual(["new-request", "waiting"]);
    expect(kindsForRole("manager")).toEqual([]);
    expect(kindsForRole("admin")).toHaveLength(6);
  });

  it("builds Teams and Slack incoming-webhook messages with a link, escaping Slack's markup", () => {
    const job = { channel: "slack" as const, title: "New request: #12 a<b>", text: "x & y", url: "https://modelgate.example/queue" };
    expect(slackPayload(job)).toEqual({
      text: "New request: #12 a<b>: x & y",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*New request: #12 a&lt;b&gt;*\nx &amp; y\n<https://modelgate.example/queue|Open in ModelGate>" } }],
    });
    expect(teamsPayload({ ...job, channel: "teams" })).toMatchObject({ "@type": "MessageCard", title: job.title, potentialAction: [{ targets: [{ uri: job.url }] }] });
  });
});

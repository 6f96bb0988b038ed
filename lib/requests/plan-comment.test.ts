/** The plan comment reads well on GitHub (GFM tables, alerts) and no text from a file or Azure can format it. */
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { planMerge, type PlanDeployment } from "@/lib/plan";
import { planCommentMarker, renderPlanComment } from "./plan-comment";

const el = (name: string, capacity: number, model = "gpt-4.1"): PlanDeployment => ({ name, model: { format: "OpenAI", name: model, version: "2025-04-14" }, sku: { name: "DataZoneStandard", capacity } });
const MODELS = [{ name: "gpt-4.1", versions: [{ version: "2025-04-14", deprecation: {}, skus: [{ name: "DataZoneStandard", usageName: "OpenAI.DataZoneStandard.gpt4.1" }] }] }];
const ctx = { requestId: "11111111-2222-3333-4444-555555555555", requestNumber: 12, requestUrl: "https://modelgate.test/requests/1", headSha: "abcdef1234567890", account: "contoso-openai-swc", location: "swedencentral" };

function render(markdown: string): string {
  // As GitHub shows it: HTML comments hidden, raw HTML not interpreted.
  return micromark(markdown.replace(/<!--[\s\S]*?-->/g, ""), { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

describe("renderPlanComment", () => {
  it("starts with the hidden marker, says what the plan is made from, calls out the drift first and tabulates the rest", () => {
    const plan = planMerge({
      account: ctx.account,
      location: ctx.location,
      requested: ["search-new"],
      before: [el("search-gpt-41", 100)],
      after: [el("search-gpt-41", 100), el("search-new", 10)],
      azure: { readAt: "2026-11-29T11:58:00Z", deployments: [{ ...el("search-gpt-41", 90), provisioningState: "Succeeded", lastModifiedAt: "2026-11-28T09:15:00Z" }] },
      usages: [{ name: "OpenAI.DataZoneStandard.gpt4.1", current: 90, limit: 300 }],
      models: MODELS,
      unmanaged: "keep",
      retirementWindowDays: 90,
      now: new Date("2026-11-29T12:00:00Z"),
    });
    const md = renderPlanComment(plan, ctx);
    expect(md.startsWith(planCommentMarker(ctx.requestId))).toBe(true);
    expect(md).toContain("as read at 2026-11-29 11:58 UTC — not Azure's what-if");
    expect(md.indexOf("> [!WARNING]")).toBeLessThan(md.indexOf("#### What the deploy does"));
    const html = render(md);
    expect(html).not.toContain("modelgate:plan");
    expect(html).toContain("<strong>1 create, 1 unrelated change, quota fits</strong>");
    expect(html).toContain("set search-gpt-41's capacity back from 90 to 100 (changed by hand in Azure on 2026-11-28 09:15 UTC)");
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html).toMatch(/<td><code>search-gpt-41<\/code><\/td>\s*<td><strong>Modify<\/strong><\/td>\s*<td>capacity 90 → 100<\/td>/);
    expect(html).toMatch(/<td><code>OpenAI.DataZoneStandard.gpt4.1<\/code><\/td>\s*<td align="right">300<\/td>\s*<td align="right">90<\/td>\s*<td align="right">20<\/td>/);
  });

  it("text from a hand-edited file can't add markup, mentions or table cells", () => {
    const evil = "x|<img src=x onerror=alert(1)>|@octocat";
    const plan = planMerge({
      account: ctx.account,
      location: ctx.location,
      requested: ["search-new"],
      before: [],
      after: [el("search-new", 10, evil)],
      azure: { readAt: "2026-11-29T11:58:00Z", deployments: [] },
      usages: [],
      models: MODELS,
      unmanaged: "keep",
      retirementWindowDays: 90,
      now: new Date("2026-11-29T12:00:00Z"),
    });
    const html = render(renderPlanComment(plan, ctx));
    expect(html).not.toContain("<img");
    expect(html).not.toMatch(/@octocat/); // a zero-width joiner stops the mention
    const row = html.split("<tr>").find((r) => r.includes("<td><code>search-new</code>"))!;
    expect(row.match(/<td/g)).toHaveLength(4);
  });

  it("without a plan, says why", () => {
    const md = renderPlanComment(null, ctx, "the parameter file at the pull request's head can't be read: line 3");
    expect(render(md)).toContain("ModelGate could not work out what this merge will do in Azure");
  });
});

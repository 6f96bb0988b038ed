import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { FORM_DATA } from "./form-data.fixture";
import type { RequestFormPrefill } from "./request-draft";
import { RequestForm } from "./request-form";

// The server action runs on the server; the form only needs something to post to.
vi.mock("@/lib/actions", () => ({ submitRequestAction: async () => ({}) }));

function render(prefill: RequestFormPrefill, data = FORM_DATA) {
  const html = renderToStaticMarkup(<RequestForm data={data} prefill={prefill} submissionKey="key-12345678" />);
  const labels = [...html.matchAll(/<label for="([^"]+)"[^>]*>([^<]+)<\/label>/g)].map((m) => m[2]);
  const text = html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
  return { html, labels, text };
}

describe("the request form", () => {
  it("a new deployment asks for model, version, type, capacity, name, upgrade and filter, and previews the added element", () => {
    const { labels, text, html } = render({ action: "create" });
    expect(labels).toEqual(["Account", "Team", "Model", "Version", "Deployment type", "Capacity", "Deployment name", "Version upgrade", "Content filter", "Justification"]);
    expect(html).toMatch(/<input type="radio" class="sr-only" name="action" checked="" value="create"\/>New deployment/);
    expect(text).toContain("10 of 160 free in australiaeast");
    expect(text).toContain("routed to any Azure region");
    expect(html).toMatch(/<input id="deploymentName" class="[^"]*font-mono"[^>]* value="search-gpt-4o-2"/);
    expect(text).toContain("+ name: 'search-gpt-4o-2'");
    expect(html).toMatch(/<option value="2024-05-13" disabled="">2024-05-13 · Deprecated · retired 2026-06-30<\/option>/);
  });

  it("warns about a version that retires within the window", () => {
    const { text } = render({ action: "create", model: "gpt-4o", version: "2024-08-06" });
    expect(text).toContain("Retires on 2027-01-04. Retires in 40 days — consider a newer version.");
  });

  it("a change offers only the team's deployments, shows the model, marks the current version and gives back its capacity to the slider", () => {
    const { labels, text, html } = render({ action: "change", account: "acc-aue", deployment: "search-gpt-4o" });
    expect(labels).toEqual(["Account", "Team", "Deployment name", "Version", "Capacity", "Justification"]);
    expect(html).toContain('<option value="search-gpt-4o" selected="">search-gpt-4o — gpt-4o 2024-08-06, GlobalStandard × 20,000 tokens per minute</option>');
    expect(html).not.toContain("support-mini —");
    expect(text).toContain("Model gpt-4o · GlobalStandard");
    expect(text).toContain("2024-08-06 · GenerallyAvailable · retires 2027-01-04 · current");
    // The slider spans the minimum to what is free for it: 10 free + its own 20.
    expect(html).toMatch(/<input type="range" aria-label="Capacity, 1 to 30" min="1" max="30"/);
  });

  it("a decommission says what removing the element does, and asks no capacity", () => {
    const { labels, text } = render({ action: "decommission", account: "acc-aue", deployment: "search-gpt-4o" });
    expect(labels).toEqual(["Account", "Team", "Deployment name", "Justification"]);
    expect(text).toContain("The pull request removes search-gpt-4o from the parameter file.");
    expect(text).toContain("- name: 'search-gpt-4o'");
  });

  it("without a chosen deployment, a change says so and previews nothing", () => {
    const { text } = render({ action: "change", account: "acc-eus2" });
    expect(text).toContain("Your team owns no deployments on this account.");
    expect(text).toContain("The preview appears once the marked problems are fixed.");
  });

  it("an account that can't be read disables submitting and says why", () => {
    const data = { ...FORM_DATA, accounts: [{ ...FORM_DATA.accounts[0], problem: "Azure could not be read." }] };
    const { html, text } = render({ action: "create" }, data);
    expect(text).toContain("Azure could not be read.");
    expect(html).toMatch(/<button type="submit" disabled=""/);
  });

  it("opens without an error the user didn't cause: a model and capacity that fit are preselected", () => {
    // gpt-4o has 10 free; its default 10 fits. With gpt-4o full, gpt-4o-mini (92 free) is preselected.
    expect(render({ action: "create" }).html).toMatch(/<input id="capacity"[^>]* value="10"/);
    const full = { ...FORM_DATA, accounts: [{ ...FORM_DATA.accounts[0], quota: { ...FORM_DATA.accounts[0].quota, "OpenAI.GlobalStandard.gpt-4o": { ...FORM_DATA.accounts[0].quota["OpenAI.GlobalStandard.gpt-4o"], free: 0 } } }, FORM_DATA.accounts[1]] };
    const { html, text } = render({ action: "create" }, full);
    expect(html).toMatch(/<option value="gpt-4o-mini" selected="">/);
    expect(text).not.toMatch(/Not enough quota|No quota is free/);
    // Asked for gpt-4o all the same: the form says no quota is free, and the slider keeps the type's range.
    const asked = render({ action: "create", model: "gpt-4o" }, full);
    expect(asked.text).toContain("No quota is free for this model in this region");
    expect(asked.text).not.toContain("Ask for 0 or less");
    expect(asked.html).toMatch(/<input type="range" aria-label="Capacity, 1 to 30000"/);
  });

  it("with no account at all, says there is nothing to request", () => {
    expect(render({}, { ...FORM_DATA, accounts: [] }).text).toContain("No accounts found");
  });
});

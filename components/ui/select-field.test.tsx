import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { filterOptions, SelectField } from "./select-field";

const options = [
  { value: "a", label: "A" },
  { value: "b", label: "B", disabled: true },
];

describe("SelectField", () => {
  it("labels the select with a visible label tied by id", () => {
    const html = renderToStaticMarkup(
      <SelectField id="team" name="teamId" label="Team" defaultValue="b" options={options} />,
    );
    expect(html).toMatch(/<label for="team" class="[^"]*">Team<\/label><select id="team" class="[^"]*" name="teamId">/);
    expect(html).toContain('<option value="a">A</option><option value="b" disabled="" selected="">B</option>');
    expect(html).not.toContain("aria-describedby");
    expect(html).not.toContain("aria-invalid");
  });

  it("describes the select by its hint", () => {
    const html = renderToStaticMarkup(
      <SelectField id="sku" label="Deployment type" hint="Pay per token." options={options} />,
    );
    expect(html).toContain('aria-describedby="sku-hint"');
    expect(html).toMatch(/<p id="sku-hint" class="[^"]*">Pay per token\.<\/p>/);
  });

  it("marks the select invalid and describes it by hint and error when there is an error", () => {
    const html = renderToStaticMarkup(
      <SelectField id="sku" label="Deployment type" hint="Pay per token." error="Not offered here." options={options} />,
    );
    expect(html).toContain('aria-describedby="sku-hint sku-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/<p id="sku-error" class="[^"]*">Not offered here\.<\/p>/);
  });

  it("builds filter options with the empty 'any' value first", () => {
    expect(filterOptions("All teams", ["Search", { value: "-", label: "Unknown team" }])).toEqual([
      { value: "", label: "All teams" },
      { value: "Search", label: "Search" },
      { value: "-", label: "Unknown team" },
    ]);
  });

  it("puts the label beside a compact select when inline", () => {
    const html = renderToStaticMarkup(
      <SelectField id="theme" label="Theme" inline className="px-3" value="a" onChange={() => {}} options={options} />,
    );
    expect(html).toMatch(/^<div class="px-3"><div class="flex items-center justify-between gap-3"><label for="theme">Theme<\/label><select id="theme"/);
  });
});

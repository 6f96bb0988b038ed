import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table, type TableColumn } from "./table";

interface Row {
  id: string;
  name: string;
  team: string | null;
  size: number;
}

const COLUMNS: TableColumn<Row>[] = [
  { header: "Name", cell: (r) => <a href={`/x/${r.id}`}>{r.name}</a> },
  { header: "Team", narrow: "stack", stackedLabelHidden: true, cell: (r) => r.team ?? "Unknown", stacked: (r) => r.team ?? "Unknown team" },
  { header: "Size", narrow: "stack", className: "font-mono", cell: (r) => r.size },
  { header: "Note", narrow: "hide", cell: () => "wide only" },
  { header: "Action", headerHidden: true, cell: (r) => <button type="button">Open {r.name}</button> },
];

const ROWS: Row[] = [
  { id: "1", name: "alpha", team: "Search", size: 10 },
  { id: "2", name: "beta", team: null, size: 20 },
];

function render(rows: Row[]) {
  return renderToStaticMarkup(
    <Table caption="Things, newest first" columns={COLUMNS} rows={rows} rowKey={(r) => r.id} rowProps={(r) => ({ "data-testid": "thing-row", "data-name": r.name })} empty={<p>Nothing here.</p>} />,
  );
}

describe("Table", () => {
  it("names the table with a caption for screen readers and heads each column", () => {
    const html = render(ROWS);
    expect(html).toContain('<caption class="sr-only">Things, newest first</caption>');
    const headers = [...html.matchAll(/<th scope="col" class="([^"]*)">(.*?)<\/th>/g)].map((m) => [m[1], m[2]]);
    expect(headers).toEqual([
      ["px-4 py-3", "Name"],
      ["hidden px-4 py-3 md:table-cell", "Team"],
      ["hidden px-4 py-3 md:table-cell", "Size"],
      ["hidden px-4 py-3 md:table-cell", "Note"],
      ["px-4 py-3", '<span class="sr-only">Action</span>'],
    ]);
  });

  it("renders one row per item with its attributes, and hides narrow columns below md", () => {
    const html = render(ROWS);
    const rows = html.match(/<tr [^>]*data-testid="thing-row"[^>]*>/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('data-name="beta"');
    expect(html).toContain('<td class="hidden px-4 py-3 md:table-cell font-mono">20</td>');
    expect(html).toContain('<td class="hidden px-4 py-3 md:table-cell">wide only</td>');
    expect(html).toContain("<button type=\"button\">Open beta</button>");
  });

  it("stacks the 'stack' columns under the first cell on narrow screens, with their headers as labels", () => {
    const html = render(ROWS);
    const firstCells = [...html.matchAll(/<tr[^>]*><td class="px-4 py-3">(.*?)<\/td>/g)].map((m) => m[1]);
    expect(firstCells).toHaveLength(2);
    expect(firstCells[0]).toContain('<dl class="mt-1 text-xs font-normal md:hidden">');
    expect(firstCells[0]).toContain('<dt class="sr-only">Team</dt><dd>Search</dd>');
    expect(firstCells[1]).toContain('<dt class="sr-only">Team</dt><dd>Unknown team</dd>');
    expect(firstCells[1]).toMatch(/<dt class="inline [^"]*">Size: <\/dt><dd class="inline">20<\/dd>/);
    // A hidden column that is not stacked does not reappear.
    expect(firstCells[0]).not.toContain("wide only");
  });

  it("shows the empty state instead of a table when there are no rows", () => {
    const html = render([]);
    expect(html).toBe("<p>Nothing here.</p>");
  });

  it("scrolls in a box that only becomes a focusable region once it overflows (measured in the browser)", () => {
    const html = render(ROWS);
    expect(html).toMatch(/^<div data-scroll-region="" class="overflow-x-auto [^"]*">/);
    expect(html).not.toContain("tabindex");
    expect(html).not.toContain('role="region"');
  });
});

import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what needs quoting, ends lines in CRLF, defuses formulas and leaves numbers alone", () => {
    const text = toCsv(["Name", "Value", "Note"], [["a,b", -5, 'say "hi"'], ["=HYPERLINK(1)", Infinity, null], ["line\nbreak", 1.5, true]]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parse(text)).toEqual([
      ["Name", "Value", "Note"],
      ["a,b", "-5", 'say "hi"'],
      ["'=HYPERLINK(1)", "", ""],
      ["line\nbreak", "1.5", "yes"],
    ]);
  });
});

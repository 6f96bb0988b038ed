import { stringify } from "csv-stringify/sync";

/**
 * CSV for the dashboards' "Download CSV" (csv-stringify: RFC 4180 quoting, CRLF line ends). Text a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe.
 */

export type CsvCell = string | number | boolean | null | undefined;

/** One CSV document: a header line, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const clean = rows.map((r) => r.map((v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
  return stringify([header as string[], ...clean], { record_delimiter: "windows", escape_formulas: true, cast: { boolean: (b) => (b ? "yes" : "no") } });
}

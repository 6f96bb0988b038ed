import type { ReactNode } from "react";
import { ScrollRegion } from "./scroll-region";

const MUTED = "text-slate-500 dark:text-slate-400";

/** One column of a {@link Table}. */
export interface TableColumn<Row> {
  header: string;
  /** The header is for screen readers only (e.g. a column of buttons). */
  headerHidden?: boolean;
  /** Extra classes of the column's header cell (e.g. `normal-case` for names whose case matters). */
  headerClassName?: string;
  cell: (row: Row) => ReactNode;
  /** Extra classes of the column's cells. */
  className?: string;
  /**
   * Below the md breakpoint: "hide" drops the column (its row says what matters elsewhere); "stack" drops it
   * and shows it under the first cell as "header: value".
   */
  narrow?: "hide" | "stack";
  /** With narrow "stack": what to show under the first cell, when it differs from `cell`. */
  stacked?: (row: Row) => ReactNode;
  /** With narrow "stack": the header before the stacked value is for screen readers only. */
  stackedLabelHidden?: boolean;
}

/**
 * A data table: a caption for screen readers, column headers, one row per item, and `empty` instead when there
 * are no rows. At narrow widths columns marked "stack" move under the first cell; whatever still overflows
 * scrolls in a region keyboard users can focus.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
  empty,
}: {
  caption: string;
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Attributes of a row's `tr` (e.g. `data-testid`). */
  rowProps?: (row: Row) => Record<`data-${string}`, string>;
  empty: ReactNode;
}) {
  if (rows.length === 0) return <>{empty}</>;
  const stacked = columns.filter((c) => c.narrow === "stack");
  return (
    <ScrollRegion label={caption} className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={[c.narrow ? "hidden px-4 py-3 md:table-cell" : "px-4 py-3", c.headerClassName].filter(Boolean).join(" ")}>
                {c.headerHidden ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" {...rowProps?.(row)}>
              {columns.map((c, i) => (
                <td key={c.header} className={[c.narrow ? "hidden px-4 py-3 md:table-cell" : "px-4 py-3", c.className].filter(Boolean).join(" ")}>
                  {c.cell(row)}
                  {i === 0 && stacked.length ? <StackedColumns row={row} columns={stacked} /> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Narrow screens: the columns marked "stack", as a list under the first cell. */
function StackedColumns<Row>({ row, columns }: { row: Row; columns: TableColumn<Row>[] }) {
  return (
    <dl className="mt-1 text-xs font-normal md:hidden">
      {columns.map((c) => (
        <div key={c.header}>
          {c.stackedLabelHidden ? (
            <>
              <dt className="sr-only">{c.header}</dt>
              <dd>{(c.stacked ?? c.cell)(row)}</dd>
            </>
          ) : (
            <>
              <dt className={`inline ${MUTED}`}>{c.header}: </dt>
              <dd className="inline">{(c.stacked ?? c.cell)(row)}</dd>
            </>
          )}
        </div>
      ))}
    </dl>
  );
}

/** Axis labels of the dashboards' charts (pure: usable from server and client). */

/** Splits a usage name after its SKU ("OpenAI.GlobalStandard" / "gpt-4o") so axis labels fit narrow screens. */
export function splitUsageName(name: string): [string, string] {
  const parts = name.split(".");
  if (parts.length === 2) return [`${parts[0]}.`, parts[1]];
  if (parts.length < 3) return [name, ""];
  return [parts.slice(0, 2).join("."), parts.slice(2).join(".")];
}

/** The separator between the two lines of a two-line axis label. */
export const LINE_BREAK = "\n";

/** A pool's axis label on two lines: "OpenAI.GlobalStandard" / "gpt-4o · australiaeast". */
export function poolLabel(usageName: string, location?: string): string {
  const [first, second] = splitUsageName(usageName);
  const rest = [second, location].filter(Boolean).join(" · ");
  return rest ? `${first}${LINE_BREAK}${rest}` : first;
}

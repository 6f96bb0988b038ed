import { ParamFileError } from "./errors";

/** Index of the element called `name`: an exact match, else the only case-insensitive one (Azure ignores case). */
export function findElementIndexByNames(names: (string | undefined)[], name: string): number {
  const exact = names.indexOf(name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  const matches = names.flatMap((n, i) => (n !== undefined && n.toLowerCase() === lower ? [i] : []));
  return matches.length === 1 ? matches[0] : -1;
}

/** The "not-found" refusal, listing what the file does contain. */
export function notFoundError(name: string, param: string, names: (string | undefined)[]): ParamFileError {
  const known = names.filter((n): n is string => n !== undefined);
  const list = known.length === 0 ? "it has none" : `it has ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}`;
  return new ParamFileError("not-found", `No deployment named ${JSON.stringify(name)} in '${param}' (${list}).`, { deployment: name });
}

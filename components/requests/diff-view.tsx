/** A unified diff, lines coloured by kind. Plain text: no HTML from the diff is ever interpreted. */
export function DiffView({ diff, label = "Diff" }: { diff: string; label?: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <pre aria-label={label} tabIndex={0} className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 py-2 font-mono text-xs leading-5 dark:border-slate-800 dark:bg-slate-950">
      {lines.map((line, i) => {
        const tone = line.startsWith("+++") || line.startsWith("---")
          ? "text-slate-600 dark:text-slate-400"
          : line.startsWith("+")
            ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
            : line.startsWith("-")
              ? "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200"
              : line.startsWith("@@")
                ? "text-indigo-700 dark:text-indigo-300"
                : "text-slate-800 dark:text-slate-200";
        return (
          <span key={i} className={`block px-3 ${tone}`}>
            {line || " "}
          </span>
        );
      })}
    </pre>
  );
}

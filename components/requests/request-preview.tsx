import { DiffView } from "./diff-view";

/** The exact diff the pull request will make, or why there is none yet. */
export function RequestPreview({ paramFilePath, preview, waitingForFixes }: { paramFilePath: string | undefined; preview: { diff: string } | { error: string } | null; waitingForFixes: boolean }) {
  return (
    <section aria-labelledby="preview-heading" className="min-w-0 space-y-2">
      <h2 id="preview-heading" className="text-base font-semibold">Preview of the pull request</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The exact change to <code className="font-mono text-xs">{paramFilePath}</code> on main that ModelGate will propose.
      </p>
      {preview && "diff" in preview ? (
        <DiffView diff={preview.diff} />
      ) : (
        <div className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400" aria-live="polite">
          {preview && "error" in preview ? preview.error : waitingForFixes ? "The preview appears once the marked problems are fixed." : "Complete the form to see the change."}
        </div>
      )}
    </section>
  );
}

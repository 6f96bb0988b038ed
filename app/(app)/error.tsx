"use client";
import { Notice } from "@/components/ui/notice";

/** A page failed on the server: say so without a stack trace, and offer a retry. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4">
      <Notice tone="error" title="This page could not be loaded">
        Something went wrong while preparing it. Try again; if it keeps happening, give your platform team this
        reference: <code>{error.digest ?? "n/a"}</code>.
      </Notice>
      <button onClick={reset} className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-600">
        Try again
      </button>
    </div>
  );
}

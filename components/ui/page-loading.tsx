/**
 * Skeleton shown while a page's server data loads (a Suspense fallback). Pages check the role first and
 * suspend only below that, so a refusal is still a real HTTP 403.
 */
export function PageLoading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">{label}</span>
      <div className="h-4 w-96 max-w-full rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-40 rounded-lg bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}

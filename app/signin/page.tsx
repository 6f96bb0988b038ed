import { redirect } from "next/navigation";
import { Notice } from "@/components/ui/notice";
import { signInAsDemoPersonaAction } from "@/lib/actions";
import { ROLE_LABELS, getCurrentUser, listDemoPeople, safeNextPath } from "@/lib/auth";
import { getConfig } from "@/lib/env";

export const metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  invalid: "That sign-in request was not valid. Pick a person from the list.",
  "unknown-user": "That person no longer exists. Pick another one.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  if (await getCurrentUser()) redirect(safeNextPath(next));
  const config = getConfig();
  const users = config.mode === "demo" ? await listDemoPeople() : [];

  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-lg flex-col justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-3">
        <span aria-hidden className="grid h-10 w-10 place-items-center rounded-lg bg-indigo-600 font-bold text-white dark:bg-indigo-400 dark:text-slate-950">
          MG
        </span>
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to ModelGate</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Request, approve and track Azure OpenAI model deployments.</p>
        </div>
      </div>
      {error && ERRORS[error] ? (
        <div className="mb-4">
          <Notice tone="error">{ERRORS[error]}</Notice>
        </div>
      ) : null}
      {config.mode === "demo" ? (
        <section aria-labelledby="demo-people" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h2 id="demo-people" className="text-base font-semibold">
            Demo mode: choose who you are
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            No Entra ID is configured, so these demo people stand in for your colleagues. Each sees what their role allows.
          </p>
          <ul className="mt-4 space-y-2">
            {users.map((u) => {
              const teams = u.teams.map((t) => t.name).join(", ");
              const label = `Sign in as ${u.name} (${ROLE_LABELS[u.role]}${teams ? `, team ${teams}` : ""})`;
              return (
                <li key={u.id}>
                  <form action={signInAsDemoPersonaAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="next" value={safeNextPath(next)} />
                    <button
                      type="submit"
                      aria-label={label}
                      className="flex w-full items-center justify-between gap-3 rounded-md border border-slate-200 px-4 py-3 text-left hover:border-indigo-400 hover:bg-indigo-50 dark:border-slate-700 dark:hover:border-indigo-500 dark:hover:bg-slate-800"
                    >
                      <span>
                        <span className="block font-medium">{u.name}</span>
                        <span className="block text-sm text-slate-600 dark:text-slate-400">{teams ? `Team ${teams}` : "No team"}</span>
                      </span>
                      <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">
                        {ROLE_LABELS[u.role]}
                      </span>
                    </button>
                  </form>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <Notice tone="warning" title="Entra ID sign-in is not available yet">
          This installation runs in production mode, but single sign-on with Entra ID has not been built yet. Run in demo
          mode (unset MODELGATE_MODE) to try ModelGate.
        </Notice>
      )}
    </main>
  );
}

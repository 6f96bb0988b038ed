import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Notice } from "@/components/ui/notice";
import { signInAsDemoPersonaAction } from "@/lib/actions";
import { ROLE_LABELS, entraLogoutUrl, getCurrentUser, listDemoPeople, safeNextPath, type Role } from "@/lib/auth";
import { getConfig } from "@/lib/env";

export const metadata = { title: "Sign in" };

const ROLE_ORDER = ["requester", "approver", "manager", "admin"] as const;

const ROLE_PURPOSE: Record<Role, string> = {
  requester: "request model deployments for your team",
  approver: "review and decide requests",
  manager: "read quota and delivery dashboards",
  admin: "everything, plus settings",
};

/** Messages for `?error=`, looked up by own key only (a crafted `?error=constructor` is just unknown). */
const ERRORS = new Map<string, { title: string; body: ReactNode }>([
  ["invalid", { title: "That sign-in didn't work", body: "The sign-in request was not valid or was used twice. Start again." }],
  ["unknown-user", { title: "That person no longer exists", body: "Pick another one." }],
  ["expired", { title: "That sign-in took too long", body: "Sign-ins must finish within 10 minutes. Start again." }],
  ["cancelled", { title: "Sign-in was cancelled", body: "Entra ID said the sign-in was cancelled or consent was refused. Start again, or ask your administrator." }],
  ["idp-error", { title: "Entra ID refused the sign-in", body: "Entra ID answered with an error. Try again; if it persists, ask your administrator to check the ModelGate app registration." }],
  ["idp-unavailable", { title: "Entra ID can't be reached", body: "ModelGate could not reach Entra ID to start the sign-in. Try again in a minute." }],
  [
    "account-conflict",
    {
      title: "Another account already uses your e-mail address",
      body: "ModelGate knows a different Entra ID account with the same e-mail address. Ask a ModelGate admin to remove the old account, then sign in again.",
    },
  ],
  [
    "group-overage",
    {
      title: "Entra ID could not list your groups",
      body: (
        <>
          You are a member of more than 200 groups, so Entra ID left them out of the sign-in token and ModelGate can&apos;t tell
          which team you are in. Ask your Entra ID administrator to set the ModelGate app registration to emit only{" "}
          <strong>groups assigned to the application</strong> (Token configuration → groups claim) and to assign your team&apos;s
          group to the app. Then sign in again.
        </>
      ),
    },
  ],
]);

function pick(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const next = safeNextPath(pick(raw.next));
  const error = pick(raw.error);
  if (await getCurrentUser()) redirect(next);
  const config = getConfig();
  const users = config.signIn.kind === "demo" ? await listDemoPeople() : [];
  const known = error !== undefined ? ERRORS.get(error) : undefined;

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
      {known ? (
        <div className="mb-4">
          <Notice tone="error" title={known.title}>
            {known.body}
          </Notice>
        </div>
      ) : null}
      {error === "no-role" && config.signIn.kind === "entra" ? (
        <section aria-labelledby="no-role" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-5 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
          <h2 id="no-role" className="text-base font-semibold">
            Your account has no ModelGate role yet
          </h2>
          <p className="mt-2">
            You signed in with Entra ID, but nobody has given your account a role in ModelGate. Ask your Entra ID administrator (or
            your platform team) to assign you one of the app roles of the ModelGate app registration:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {ROLE_ORDER.map((role) => (
              <li key={role}>
                <code className="font-mono">{config.signIn.kind === "entra" ? config.signIn.roleNames[role] : role}</code> ({ROLE_LABELS[role]}):{" "}
                {ROLE_PURPOSE[role]}
              </li>
            ))}
          </ul>
          <p className="mt-2">Then sign in again. If you signed in with the wrong account, sign out of Entra ID first.</p>
          <p className="mt-3">
            <a className="font-medium underline" href={entraLogoutUrl()}>
              Sign out of Entra ID
            </a>
          </p>
        </section>
      ) : null}
      {config.signIn.kind === "demo" ? (
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
                    <input type="hidden" name="next" value={next} />
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
        <section aria-labelledby="entra-sign-in" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h2 id="entra-sign-in" className="text-base font-semibold">
            Use your work account
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {config.mode === "demo"
              ? "Demo mode signs in through the local Entra ID emulator: pick one of its people there."
              : "ModelGate signs you in with Microsoft Entra ID. What you may do follows from the app roles and groups your administrator assigned."}
          </p>
          <a
            href={`/auth/signin${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`}
            className="mt-4 inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400"
          >
            Sign in with Microsoft
          </a>
        </section>
      )}
    </main>
  );
}

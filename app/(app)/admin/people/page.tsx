import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { signOutPersonAction } from "@/lib/actions";
import { ROLE_LABELS, listPeopleWithSessions, requireCapability } from "@/lib/auth";

export const metadata = { title: "People and sessions" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireCapability("settings:manage", "/admin/people");
  const raw = await searchParams;
  const people = await listPeopleWithSessions();
  return (
    <>
      <PageHeader
        title="People and sessions"
        description="Everyone ModelGate knows, with their role and teams. Signing a person out ends all their sessions at once; they sign in again on their next request."
      />
      {raw.signedOut === "1" ? (
        <div className="mb-4">
          <Notice tone="success">Signed out. Their next request goes to the sign-in page.</Notice>
        </div>
      ) : null}
      {raw.error === "invalid" ? (
        <div className="mb-4">
          <Notice tone="error">That person could not be found. Reload the page and try again.</Notice>
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
          <caption className="sr-only">People and their sessions</caption>
          <thead className="bg-slate-50 text-left dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Person</th>
              <th scope="col" className="px-3 py-2 font-medium">Role</th>
              <th scope="col" className="px-3 py-2 font-medium">Teams</th>
              <th scope="col" className="px-3 py-2 font-medium">Last sign-in (UTC)</th>
              <th scope="col" className="px-3 py-2 font-medium">Open sessions</th>
              <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {people.map((p) => (
              <tr key={p.id}>
                <td className="px-3 py-2">
                  <span className="block font-medium">{p.name}</span>
                  <span className="block text-slate-600 dark:text-slate-400">{p.email}</span>
                </td>
                <td className="px-3 py-2">{ROLE_LABELS[p.role]}</td>
                <td className="px-3 py-2">{p.teams.join(", ") || "—"}</td>
                <td className="px-3 py-2">{p.lastSignInAt ? when.format(p.lastSignInAt) : "never"}</td>
                <td className="px-3 py-2">{p.activeSessions}</td>
                <td className="px-3 py-2 text-right">
                  {p.activeSessions > 0 && p.id !== me.id ? (
                    <form action={signOutPersonAction}>
                      <input type="hidden" name="userId" value={p.id} />
                      <button
                        type="submit"
                        aria-label={`Sign out ${p.name} everywhere`}
                        className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                      >
                        Sign out everywhere
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

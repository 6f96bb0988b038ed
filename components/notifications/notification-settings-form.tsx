"use client";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { saveNotificationSettingsAction, type ActionState } from "@/lib/actions";
import type { NotificationSetting } from "@/lib/read-models";

/** Which kinds of notification the person gets, in the app and by e-mail; each can be turned off. */
export function NotificationSettingsForm({ settings, emailOn }: { settings: NotificationSetting[]; emailOn: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(saveNotificationSettingsAction, {});
  if (settings.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Your role receives no notifications.</p>;
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="kinds" value={settings.map((s) => s.kind).join(",")} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Notification kinds and where you get them</caption>
        <thead>
          <tr className="text-xs uppercase text-slate-600 dark:text-slate-400">
            <th scope="col" className="py-2 pr-3 font-semibold">Kind</th>
            <th scope="col" className="px-2 py-2 text-center font-semibold">In the app</th>
            <th scope="col" className="px-2 py-2 text-center font-semibold">E-mail</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {settings.map((s) => (
            <tr key={s.kind}>
              <th scope="row" className="py-2 pr-3 font-normal">
                <span className="font-medium">{s.label}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{s.description}</span>
              </th>
              <td className="px-2 py-2 text-center">
                <input type="checkbox" name={`${s.kind}:inApp`} defaultChecked={s.inApp} aria-label={`${s.label} in the app`} className="h-4 w-4" />
              </td>
              <td className="px-2 py-2 text-center">
                <input type="checkbox" name={`${s.kind}:email`} defaultChecked={s.email} aria-label={`${s.label} by e-mail`} className="h-4 w-4" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {emailOn ? null : <p className="text-xs text-slate-600 dark:text-slate-400">E-mail is not set up on this ModelGate, so only the in-app choices take effect.</p>}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass("primary")}>
          {pending ? "Saving…" : "Save settings"}
        </button>
        {state.message ? <p role={state.ok ? "status" : "alert"} className="text-sm">{state.message}</p> : null}
      </div>
    </form>
  );
}

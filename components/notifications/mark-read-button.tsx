"use client";
import { useActionState } from "react";
import { markNotificationsReadAction, type ActionState } from "@/lib/actions";

/** "Mark all read": the server marks only the signed-in person's notifications. */
export function MarkReadButton({ className }: { className?: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(markNotificationsReadAction, {});
  return (
    <form action={action} className="inline">
      <button type="submit" disabled={pending} className={className ?? "text-sm font-medium text-indigo-700 hover:underline disabled:opacity-60 dark:text-indigo-300"}>
        {pending ? "Marking…" : "Mark all read"}
      </button>
      {state.message && !state.ok ? <span role="alert" className="ml-2 text-xs">{state.message}</span> : null}
    </form>
  );
}

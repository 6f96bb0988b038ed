"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead, NOTIFICATION_KIND_LIST, saveNotificationSettings } from "@/lib/notify";
import { defineAction, type ActionState } from "./chain";

const MarkReadSchema = z.object({ ids: z.string().max(2000).optional() });

const markRead = defineAction({
  schema: MarkReadSchema,
  invalid: (): ActionState => ({ message: "Nothing was marked." }),
  run: (input, user, context) => markNotificationsRead(context.db, user, input.ids ? input.ids.split(",") : "all"),
  done: (): ActionState => {
    revalidatePath("/", "layout");
    return { ok: true, message: "Marked as read." };
  },
  failed: (message): ActionState => ({ message }),
  nothingDone: "Nothing was marked.",
});

/** Marks the signed-in person's notifications read (the given ids, or all); only ever their own. */
export async function markNotificationsReadAction(previous: ActionState, form: FormData): Promise<ActionState> {
  return markRead(previous, form);
}

// One checkbox pair per kind: `<kind>:inApp` and `<kind>:email` ("on" when checked); `kinds` lists those shown.
const SettingsSchema = z.record(z.string().max(40), z.string().max(200));

const saveSettings = defineAction({
  schema: SettingsSchema,
  invalid: (): ActionState => ({ message: "The settings were not saved." }),
  run: (input, user, context) => {
    const shown = (input.kinds ?? "").split(",").filter((k) => (NOTIFICATION_KIND_LIST as string[]).includes(k));
    return saveNotificationSettings(
      context.db,
      user,
      shown.map((kind) => ({ kind, inApp: input[`${kind}:inApp`] === "on", email: input[`${kind}:email`] === "on" })),
    );
  },
  done: (): ActionState => {
    revalidatePath("/notifications");
    return { ok: true, message: "Saved." };
  },
  failed: (message): ActionState => ({ message }),
  nothingDone: "The settings were not saved.",
});

/** Saves which kinds of notification the signed-in person gets in the app and by e-mail. */
export async function saveNotificationSettingsAction(previous: ActionState, form: FormData): Promise<ActionState> {
  return saveSettings(previous, form);
}

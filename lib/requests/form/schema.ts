/**
 * What the request form posts: one zod schema shared by the form and its server action, and the FormData
 * reader that feeds it. Pure.
 */
import { z } from "zod";
import { VERSION_UPGRADE_OPTIONS } from "@/lib/paramfile";

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;

const trimmed = (max: number) => z.string().trim().max(max);

/** Every field the form posts; the server action parses with this and then applies the rules. */
export const RequestInputSchema = z
  .object({
    action: z.enum(["create", "change", "decommission"]),
    account: trimmed(100).min(1, "Choose an account."),
    teamId: z.uuid({ message: "Choose your team." }),
    deploymentName: trimmed(64).min(1, "Enter a deployment name."),
    modelName: trimmed(100).optional(),
    modelVersion: trimmed(100).optional(),
    skuName: trimmed(100).optional(),
    capacity: z.coerce.number({ message: "Capacity must be a number." }).int("Capacity must be a whole number.").min(0).max(1_000_000).optional(),
    versionUpgradeOption: z.union([z.enum(VERSION_UPGRADE_OPTIONS), z.literal("")]).optional(),
    raiPolicyName: trimmed(100).optional(),
    justification: trimmed(JUSTIFICATION_MAX).min(JUSTIFICATION_MIN, `Say in at least ${JUSTIFICATION_MIN} characters why you need it.`),
    /** A random key per form: a double click or a retried post yields the same request. */
    submissionKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "Reload the form and try again."),
  })
  .strict();

export type RequestInput = z.infer<typeof RequestInputSchema>;

/** The revise form: the request form's fields plus which request, at the version the requester saw. */
export const ReviseInputSchema = RequestInputSchema.extend({
  requestId: z.uuid({ message: "Reload the page and try again." }),
  expectedVersion: z.coerce.number().int().min(0),
}).strict();

export type ReviseInput = z.infer<typeof ReviseInputSchema>;

/** Per-field messages of the request form (plus `form` for the form as a whole). */
export type RequestFieldErrors = Partial<Record<keyof RequestInput | "form", string>>;

const OPTIONAL_FIELDS = new Set(["modelName", "modelVersion", "skuName", "capacity", "versionUpgradeOption", "raiPolicyName"]);

/**
 * The posted form as a plain object for RequestInputSchema: every field the browser sent (so a forged extra
 * field is refused by the strict schema), framework fields left out, empty optional fields dropped.
 */
export function formDataToRequestInput(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION") || key.startsWith("$")) continue;
    if (typeof value !== "string") {
      out[key] = "(file)";
      continue;
    }
    if (OPTIONAL_FIELDS.has(key) && value.trim() === "") continue;
    if (key in out) out[key] = [out[key], value].flat();
    else out[key] = value;
  }
  return out;
}

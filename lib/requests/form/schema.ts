/**
 * What the request form posts: one zod schema shared by the form and its server action, and the FormData
 * reader that feeds it. Pure.
 */
import { z } from "zod";
import { VERSION_UPGRADE_OPTIONS } from "@/lib/paramfile";

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;

const trimmed = (max: number) => z.string().trim().max(max);

export const CAPACITY_MAX = 1_000_000;

/**
 * Reads a capacity as a person writes it: decimal digits only. Says what is actually wrong — a sign, a
 * fraction, an exponent or hex notation, or a number too large — instead of "must be a number".
 */
export function parseCapacity(value: unknown): { ok: true; value: number } | { ok: false; message: string } {
  if (typeof value === "number") value = Number.isFinite(value) ? String(value) : "not a number";
  if (typeof value !== "string") return { ok: false, message: "Enter the capacity as a whole number, e.g. 10." };
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > CAPACITY_MAX) return { ok: false, message: `Capacity can be at most ${CAPACITY_MAX.toLocaleString("en-US")}.` };
    return { ok: true, value: n };
  }
  if (/^-\s*\d/.test(text)) return { ok: false, message: "Capacity can't be negative." };
  if (/^\+/.test(text)) return { ok: false, message: "Write the capacity without a + sign." };
  if (/^0[xob]/i.test(text)) return { ok: false, message: `Write the capacity in decimal digits (0–9), not as ${text.slice(0, 20)}.` };
  if (/^\d*\.?\d+e[+-]?\d+$/i.test(text)) return { ok: false, message: `Write the capacity out in digits, not in exponent notation (${text.slice(0, 20)}).` };
  if (/^\d{1,3}([ ,_']\d{3})+$/.test(text)) return { ok: false, message: "Write the capacity without thousands separators." };
  if (/^\d*[.,]\d+$/.test(text)) return { ok: false, message: "Capacity must be a whole number (no fractions)." };
  return { ok: false, message: "Enter the capacity as a whole number, e.g. 10." };
}

const capacityField = z.unknown().transform((value, ctx) => {
  const parsed = parseCapacity(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.value;
});

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
    capacity: capacityField.optional(),
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

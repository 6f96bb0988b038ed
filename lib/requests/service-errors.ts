import { isAzureError } from "@/lib/azure";
import { isDatabaseUnavailable } from "@/lib/db";
import { isGitOpsError } from "@/lib/gitops";

/**
 * A service's message as a sentence of its own (capitalised, one closing full stop), so it can sit between
 * our sentences without nested brackets or doubled stops ("…persists.). Try again").
 */
export function asSentence(message: string): string {
  const t = message.trim().replace(/\s+/g, " ");
  if (!t) return "";
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
}

/**
 * What to tell a user when GitHub, Azure or the database didn't answer during an action: which service, its
 * reason when we have one, and that nothing was done. The full error goes to the server log.
 */
export function explainUnavailable(error: unknown, nothingDone: string): string {
  if (isGitOpsError(error)) return `GitHub didn't answer as expected. ${asSentence(error.message)} ${nothingDone} Try again in a minute.`;
  if (isAzureError(error)) return `Azure didn't answer as expected. ${asSentence(error.message)} ${nothingDone} Try again in a minute.`;
  // Its own words are a driver's ("terminating connection due to administrator command"): say what it means.
  if (isDatabaseUnavailable(error)) return `ModelGate's database didn't answer (it may be restarting). ${nothingDone} Try again in a minute.`;
  return `A service ModelGate needs didn't answer. ${nothingDone} Try again in a minute.`;
}

import "server-only";
import { applyParamChange, detectParamFileKind, isParamFileError, type ParamChange } from "@/lib/paramfile";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError, type Db } from "./lifecycle";
import type { PrTextRequest } from "./pr-text";

// Steps the pull-request use cases share: load a request with its people, apply its edit, fail it with a
// message the requester can act on.

/** A request with its requester's and team's names. */
export async function loadRequest(db: Db, id: string) {
  return db.request.findUnique({ where: { id }, include: { requester: { select: { name: true } }, team: { select: { name: true } } } });
}
export type LoadedRequest = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;

export function textOf(r: LoadedRequest): PrTextRequest {
  return { ...r, previous: (r.previous as PrTextRequest["previous"]) ?? null };
}

/** A problem only the requester can fix: the request fails with the reason on its timeline, no retries. */
export class UserActionNeeded extends Error {}

/** Applies the request's semantic edit to a file's text; a refusal becomes a message the requester can act on. */
export function applyRequestChange(r: LoadedRequest, text: string): string {
  try {
    return applyParamChange(text, detectParamFileKind(r.paramFilePath), r.change as unknown as ParamChange);
  } catch (e) {
    if (isParamFileError(e)) {
      const reason =
        e.code === "duplicate-name"
          ? `the name ${r.deploymentName} was taken on main in the meantime`
          : e.code === "not-found"
            ? `${r.deploymentName} is no longer in ${r.paramFilePath} on main`
            : `${r.paramFilePath} on main can't take the change: ${e.message}`;
      throw new UserActionNeeded(`ModelGate could not prepare the pull request: ${reason}. Submit a new request once this is sorted out.`);
    }
    throw e;
  }
}

export async function failWithUserError(deps: Pick<DomainDeps, "db">, r: LoadedRequest, message: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    try {
      await transitionRequest(tx, { requestId: r.id, to: "failed", actor: SYSTEM_ACTOR, event: "pr_error", message, patch: { lastError: message } });
    } catch (e) {
      if (!(e instanceof TransitionConflictError)) throw e;
      await tx.request.update({ where: { id: r.id }, data: { lastError: message } });
      await recordRequestEvent(tx, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_error", message });
    }
  });
}

/** The comment on the PR of a cancelled request. */
export function cancelComment(number: number): string {
  return `ModelGate request #${number} was cancelled, so this pull request is closed without merging.`;
}


/**
 * The file at `sha` with the request's edit applied, ready to commit; null when main no longer takes the edit
 * (name taken meanwhile, file broken), after `onRefused` has told the requester — retrying can't help then.
 */
export async function applyToFileAt(
  deps: Pick<DomainDeps, "gitops">,
  r: LoadedRequest,
  sha: string,
  onRefused: (message: string) => Promise<void>,
): Promise<{ content: string; fileSha: string } | null> {
  const file = await deps.gitops.readFile(r.paramFilePath, sha);
  try {
    return { content: applyRequestChange(r, file.content), fileSha: file.sha };
  } catch (e) {
    if (!(e instanceof UserActionNeeded)) throw e;
    await onRefused(e.message);
    return null;
  }
}

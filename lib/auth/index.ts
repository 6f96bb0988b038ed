export { ensureCapability, getCurrentUser, requireUser, requireCapability } from "./current-user";
export type { UserWithTeams } from "@/lib/db";
export {
  SESSION_COOKIE,
  createSession,
  deleteExpiredSessions,
  endCurrentSession,
  endSessionsOfUser,
  getActiveSession,
  type ActiveSession,
  type CookieJar,
  type SignInMethod,
} from "./session";
export {
  PENDING_SIGN_IN_COOKIE,
  PENDING_SIGN_IN_TTL_SECONDS,
  beginEntraSignIn,
  completeEntraSignIn,
  entraLogoutUrl,
  readPendingSignIn,
} from "./entra";
export { isRefusal, mapEntraClaims, type EntraIdentity, type EntraSignInRefusal } from "./entra-claims";
export { findUserIdByEntraObjectId, provisionEntraUser, teamSlug } from "./provision-user";
export * from "./roles";
export { listPeopleWithSessions, type PersonWithSessions } from "./list-people";
export { listDemoPeople } from "./demo-people";
export { finishEntraSignIn, signInAsDemoPerson, signOut, signOutPerson } from "./sign-in-out";

export { ensureCapability, getCurrentUser, requireUser, requireCapability } from "./current-user";
export type { UserWithTeams } from "@/lib/db";
export { getSession, type SessionData } from "./session";
export * from "./roles";
export { listDemoPeople, signInAsDemoPerson, signOut } from "./demo-people";

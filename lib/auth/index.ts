export { getCurrentUser, requireUser, requireCapability } from "./current-user";
export { getSession, type SessionData } from "./session";
export * from "./roles";

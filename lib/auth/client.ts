// The part of lib/auth that runs anywhere (browser, worker, domain): roles, capabilities and navigation.
// No server imports: lib/auth's index pulls in Next's request APIs, which `npm run worker` must not load.
export * from "./roles";
export type { UserWithTeams } from "@/lib/db";

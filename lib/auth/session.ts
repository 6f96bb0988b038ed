import "server-only";
import { getIronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/env";
import { getSessionSecret } from "./session-secret";

export interface SessionData {
  userId?: string;
  /** When the session was created (ms since epoch), for idle/absolute expiry. */
  issuedAt?: number;
}

const SESSION_TTL_SECONDS = 12 * 60 * 60;

function sessionOptions(): SessionOptions {
  return {
    password: getSessionSecret(),
    cookieName: "modelgate_session",
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      // Lax, not Strict: people arrive from links in GitHub PRs and from the Entra ID redirect, and must
      // stay signed in; mutations are POST server actions, which Next.js checks against the Origin header.
      sameSite: "lax",
      secure: getConfig().publicUrl.startsWith("https://"),
      path: "/",
    },
  };
}

/** The sealed session of the current request (iron-session: encrypted and signed, httpOnly cookie). */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

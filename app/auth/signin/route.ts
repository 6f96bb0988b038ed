import { NextResponse, type NextRequest } from "next/server";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_TTL_SECONDS, beginEntraSignIn, safeNextPath } from "@/lib/auth";
import { getConfig } from "@/lib/env";

/** Starts an Entra ID sign-in: remembers state, nonce and the PKCE verifier in a sealed cookie, then redirects. */
export async function GET(request: NextRequest) {
  const config = getConfig();
  const signInPage = new URL("/signin", config.publicUrl);
  if (config.signIn.kind !== "entra") return NextResponse.redirect(signInPage, 303);
  const next = safeNextPath(request.nextUrl.searchParams.get("next"));
  let started;
  try {
    started = await beginEntraSignIn(next);
  } catch (error) {
    console.error(`Entra ID sign-in could not start: ${(error as Error).message}`);
    signInPage.searchParams.set("error", "idp-unavailable");
    return NextResponse.redirect(signInPage, 303);
  }
  const response = NextResponse.redirect(started.url, 303);
  response.cookies.set(PENDING_SIGN_IN_COOKIE, started.pendingCookie, {
    httpOnly: true,
    // Lax: the cookie must come back on the top-level GET redirect from Entra ID to the callback.
    sameSite: "lax",
    secure: config.publicUrl.startsWith("https://"),
    path: "/auth/callback",
    maxAge: PENDING_SIGN_IN_TTL_SECONDS,
  });
  response.headers.set("cache-control", "no-store");
  return response;
}

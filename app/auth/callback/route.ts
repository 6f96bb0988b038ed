import { NextResponse, type NextRequest } from "next/server";
import { PENDING_SIGN_IN_COOKIE, finishEntraSignIn, type CookieJar } from "@/lib/auth";
import { getConfig } from "@/lib/env";

/** Entra ID's redirect back (authorization code + state): finishes the sign-in and sends the browser on. */
export async function GET(request: NextRequest) {
  const cookies: Parameters<CookieJar["set"]>[] = [];
  const path = await finishEntraSignIn(request.nextUrl.searchParams, request.cookies.get(PENDING_SIGN_IN_COOKIE)?.value, {
    set: (...args) => cookies.push(args),
  });
  const response = NextResponse.redirect(new URL(path, getConfig().publicUrl), 303);
  for (const [name, value, options] of cookies) response.cookies.set(name, value, options);
  // The attempt is used up, whatever happened.
  response.cookies.set(PENDING_SIGN_IN_COOKIE, "", { path: "/auth/callback", maxAge: 0 });
  response.headers.set("cache-control", "no-store");
  return response;
}

import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends visitors without a session cookie to the sign-in page, remembering where they were going.
 * This is only a convenience: every page and action still checks the sealed session on the server.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has("modelgate_session")) return NextResponse.next();
  const url = new URL("/signin", request.url);
  const next = request.nextUrl.pathname + request.nextUrl.search;
  if (next !== "/") url.searchParams.set("next", next);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except sign-in, the APIs (they answer 401 themselves), Next's assets and static files.
  matcher: ["/((?!signin|api/|_next/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};

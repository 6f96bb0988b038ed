import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/env";
import { buildSecurityHeaders, checkRequestShape, createNonce } from "@/lib/http";
import { TokenBuckets, describeWait } from "@/lib/rate-limit";

const RETURN_TO_HEADER = "x-modelgate-return-to";
const SESSION_COOKIE = "modelgate_session";

let formPosts: TokenBuckets | undefined;

/** Paths anyone may open: sign-in and its Entra ID redirects, and the APIs (they answer 401 themselves). */
function isPublicPath(pathname: string): boolean {
  return pathname === "/signin" || pathname.startsWith("/auth/") || pathname.startsWith("/api/");
}

/**
 * Every response gets the security headers (CSP with a fresh nonce, no framing, nosniff, referrer policy,
 * HSTS in production). Visitors without a session cookie are sent to sign in, remembering where they were
 * going. That is only a convenience: every page and action still checks the session on the server.
 */
export function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = createNonce();
  // One id per request, in the response and in the audit log, so a record can be matched to a request.
  const requestId = crypto.randomUUID();
  const security = buildSecurityHeaders({
    nonce,
    development: process.env.NODE_ENV === "development",
    // Browsers ignore HSTS over plain http, and production sits behind https (often a TLS-terminating proxy).
    hsts: config.mode === "production",
    formActionOrigins: config.signIn.kind === "entra" ? [new URL(config.signIn.authority).origin] : [],
  });
  const next = request.nextUrl.pathname + request.nextUrl.search;
  const url = new URL(request.url);
  const refusal = checkRequestShape({
    method: request.method,
    rawPathAndQuery: url.pathname + url.search,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
  });

  let response: NextResponse;
  let limited: { retryAfterSeconds: number } | undefined;
  if (!refusal && request.method === "POST" && !request.nextUrl.pathname.startsWith("/api/")) {
    // Per browser session (or address, before sign-in): a flood of form posts stops here.
    formPosts ??= new TokenBuckets(config.rateLimits.formPostsPerMinute, config.rateLimits.formPostsPerMinute);
    const key = request.cookies.get(SESSION_COOKIE)?.value ?? `ip:${request.headers.get("x-forwarded-for") ?? "local"}`;
    const taken = formPosts.take(key);
    if (!taken.allowed) limited = taken;
  }
  if (limited) {
    response = new NextResponse(`Too many form submissions in a short time. Wait ${describeWait(limited.retryAfterSeconds)} and try again.`, {
      status: 429,
      headers: { "content-type": "text/plain; charset=utf-8", "retry-after": String(limited.retryAfterSeconds) },
    });
  } else if (refusal) {
    // Plain text: Next.js shows a text/plain error body from a server action to the person as the message.
    response = new NextResponse(refusal.message, { status: refusal.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  } else if (!isPublicPath(request.nextUrl.pathname) && !request.cookies.has(SESSION_COOKIE)) {
    const signIn = new URL("/signin", request.url);
    if (next !== "/") signIn.searchParams.set("next", next);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    // Next.js reads the nonce from the request's CSP and puts it on the scripts it renders.
    headers.set("content-security-policy", security["Content-Security-Policy"]);
    headers.set("x-nonce", nonce);
    headers.set("x-request-id", requestId);
    // A cookie is no proof of a session (it may be signed out or expired): tell the server where the visitor
    // was going, so its redirect to sign-in can come back here too. Whatever a client sent is replaced.
    headers.set(RETURN_TO_HEADER, next);
    response = NextResponse.next({ request: { headers } });
  }
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export const config = {
  // Everything but Next's static assets and public files (their headers come from next.config.ts), and the
  // webhook receiver: Next buffers (and silently cuts at 10 MB) every body that passes through the proxy,
  // while the receiver must see the whole stream to refuse an oversized one itself.
  matcher: ["/((?!_next/static|_next/image|api/webhooks/|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)"],
};

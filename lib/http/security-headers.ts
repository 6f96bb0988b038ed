/**
 * The security headers of every response (set by proxy.ts). Pure, so the policy is tested as text.
 */

export interface SecurityHeaderOptions {
  /** Fresh per request; Next.js puts it on its own inline scripts when it finds it in the request's CSP. */
  nonce: string;
  /** `next dev` needs eval for React's debugging; production builds never get it. */
  development: boolean;
  /** HSTS in production only: a demo on a laptop's http://127.0.0.1 must not pin the host to https. */
  hsts: boolean;
  /** Origins a form may post or redirect to besides the portal itself (Entra ID sign-out). */
  formActionOrigins: string[];
}

/** Content-Security-Policy: scripts only from the portal with this request's nonce; nothing may frame it. */
export function buildContentSecurityPolicy(options: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes (charts, progress bars); styles can't run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${options.formActionOrigins.map((o) => ` ${o}`).join("")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Every security header, by name. */
export function buildSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildContentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.hsts) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** A random nonce for one response (base64 of 16 random bytes). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

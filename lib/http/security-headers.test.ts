import { describe, expect, it } from "vitest";
import { buildSecurityHeaders, createNonce } from "./security-headers";

describe("security headers", () => {
  const base = { nonce: "abc123", development: false, hsts: false, formActionOrigins: [] as string[] };

  it("allow scripts only with the nonce, forbid framing, and sniffing, and set a referrer policy", () => {
    const h = buildSecurityHeaders(base);
    const csp = h["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
  });

  it("adds HSTS in production, eval only in development, and the identity provider to form-action", () => {
    const h = buildSecurityHeaders({ ...base, hsts: true, development: true, formActionOrigins: ["https://login.microsoftonline.com"] });
    expect(h["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(h["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(h["Content-Security-Policy"]).toContain("form-action 'self' https://login.microsoftonline.com");
  });

  it("makes a new nonce each time", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });
});

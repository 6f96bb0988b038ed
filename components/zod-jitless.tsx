"use client";
import { z } from "zod";

// zod compiles object schemas with `new Function` when it may, probing for it first; under the portal's CSP
// (no 'unsafe-eval') the probe is caught but still reported as a violation. In the browser, never compile.
z.config({ jitless: true });

/** Renders nothing: importing it in the root layout configures zod before any form validates. */
export function ZodJitless() {
  return null;
}

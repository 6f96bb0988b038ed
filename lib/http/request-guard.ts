/**
 * Checks a request's shape before Next.js handles it, so crafted requests get a clear 4xx instead of a 500
 * from deep inside the framework or the database. Pure: proxy.ts turns a refusal into the response.
 */

/** Next.js refuses server-action bodies over this (its default `serverActions.bodySizeLimit`). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export interface RequestShape {
  method: string;
  /** The raw (still percent-encoded) path and query, as sent. */
  rawPathAndQuery: string;
  pathname: string;
  headers: Headers;
}

export interface Refusal {
  status: 400 | 403 | 411 | 413;
  message: string;
}

function decodesCleanly(raw: string): boolean {
  try {
    decodeURIComponent(raw);
    return true;
  } catch {
    return false;
  }
}

/** A refusal for a request no page or action can handle, or undefined when it may go on. */
export function checkRequestShape(request: RequestShape): Refusal | undefined {
  const [rawPath, ...rest] = request.rawPathAndQuery.split("?");
  const rawQuery = rest.join("?");
  if (!decodesCleanly(rawPath)) return { status: 400, message: "This address is not valid: its path has a broken %-escape." };
  if (/%00|\u0000/i.test(request.rawPathAndQuery)) return { status: 400, message: "This address is not valid: it contains a NUL character." };
  if (rawQuery && !rawQuery.split("&").every((part) => decodesCleanly(part.replace(/\+/g, " ")))) {
    return { status: 400, message: "This address is not valid: its query has a broken %-escape." };
  }

  // Every POST to a page is a server action (forms and their fetches); the APIs check their own bodies.
  if (request.method === "POST" && !request.pathname.startsWith("/api/")) {
    const origin = request.headers.get("origin");
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (origin !== null) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (!originHost || originHost !== host) {
        return { status: 403, message: "This form was sent from another site. Open ModelGate and submit it there." };
      }
    }
    const length = request.headers.get("content-length");
    if (length === null) return { status: 411, message: "A form submission must say its length (Content-Length)." };
    if (!/^\d+$/.test(length)) return { status: 400, message: "Content-Length is not a number." };
    if (Number(length) > ACTION_BODY_LIMIT_BYTES) {
      return { status: 413, message: "This form is larger than 1 MB. Shorten the text fields and submit again." };
    }
  }
  return undefined;
}

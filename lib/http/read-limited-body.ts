/**
 * Reads a request body up to a size limit without ever holding more than the limit: a declared
 * Content-Length over it is refused before a byte is read, and a streamed (chunked) body is cut off as soon
 * as it passes the limit.
 */

/** GitHub never delivers a webhook payload larger than 25 MB. */
export const GITHUB_WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

export type LimitedBody = { ok: true; text: string } | { ok: false; status: 413 | 400; message: string };

/** The body as UTF-8 text, or 413 when it is (or declares to be) larger than `maxBytes`. */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const tooLarge = { ok: false as const, status: 413 as const, message: `Request body is larger than ${maxBytes} bytes.` };
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared)) return { ok: false, status: 400, message: "Content-Length is not a number." };
    if (Number(declared) > maxBytes) {
      await request.body?.cancel().catch(() => undefined);
      return tooLarge;
    }
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

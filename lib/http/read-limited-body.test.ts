import { describe, expect, it } from "vitest";
import { readLimitedBody } from "./read-limited-body";

function streamOf(chunks: number, chunkSize: number, pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      if (pulled.count >= chunks) return controller.close();
      pulled.count++;
      controller.enqueue(new Uint8Array(chunkSize));
    },
  });
}

describe("readLimitedBody", () => {
  it("reads a body within the limit", async () => {
    const body = await readLimitedBody(new Request("http://x/", { method: "POST", body: "hello" }), 10);
    expect(body).toEqual({ ok: true, text: "hello" });
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const pulled = { count: 0 };
    const request = new Request("http://x/", {
      method: "POST",
      body: streamOf(1000, 1024, pulled),
      headers: { "content-length": String(1000 * 1024) },
      duplex: "half",
    } as RequestInit);
    expect(await readLimitedBody(request, 64 * 1024)).toMatchObject({ ok: false, status: 413 });
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it("stops reading a streamed body as soon as it passes the limit", async () => {
    const pulled = { count: 0 };
    const request = new Request("http://x/", { method: "POST", body: streamOf(10_000, 1024, pulled), duplex: "half" } as RequestInit);
    expect(await readLimitedBody(request, 64 * 1024)).toMatchObject({ ok: false, status: 413 });
    expect(pulled.count).toBeLessThan(80);
  });

  it("refuses a Content-Length that is not a number", async () => {
    const request = new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "1e9" } });
    expect(await readLimitedBody(request, 10)).toMatchObject({ ok: false, status: 400 });
  });
});

import { expect, test } from "@playwright/test";

const MB = 1024 * 1024;

test("a webhook body over GitHub's 25 MB limit is refused with 413 before it is read", async ({ baseURL }) => {
  const url = `${baseURL}/api/webhooks/github`;
  const headers = { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": crypto.randomUUID() };

  // Declared too large: refused at once (the unit test of readLimitedBody shows nothing more is read).
  let sent = 0;
  const declared = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 26 * MB) return controller.close();
      sent += MB;
      controller.enqueue(new Uint8Array(MB));
    },
  });
  const res = await fetch(url, {
    method: "POST",
    headers: { ...headers, "content-length": String(26 * MB) },
    body: declared,
    duplex: "half",
  } as RequestInit).catch((e: Error) => e);
  expect(res instanceof Response ? res.status : res.message).toBe(413);

  // Streamed without a length (chunked): cut off once it passes 25 MB.
  let streamed = 0;
  const chunked = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (streamed >= 40 * MB) return controller.close();
      streamed += MB;
      controller.enqueue(new Uint8Array(MB));
    },
  });
  const res2 = await fetch(url, { method: "POST", headers, body: chunked, duplex: "half" } as RequestInit).catch((e: Error) => e);
  expect(res2 instanceof Response ? res2.status : res2.message).toBe(413);

  // A small unsigned body still gets the signature refusal, not a size one.
  const small = await fetch(url, { method: "POST", headers, body: "{}" });
  expect(small.status).toBe(401);
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeOf, startCountingProxy, type CountingProxy } from "./counting-proxy";

let upstream: http.Server;
let proxy: CountingProxy;

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304).end();
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => res.writeHead(200, { etag: '"v1"', "content-type": "application/json" }).end(JSON.stringify({ method: req.method, url: req.url, body })));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  proxy = await startCountingProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise((r) => upstream?.close(r));
});

describe("counting proxy", () => {
  it("passes requests and answers through and counts them by route, 304s as not charged", async () => {
    const a = await fetch(`${proxy.url}/repos/o/r/pulls/12?per_page=5`);
    expect(await a.json()).toEqual({ method: "GET", url: "/repos/o/r/pulls/12?per_page=5", body: "" });
    const b = await fetch(`${proxy.url}/repos/o/r/pulls/13`, { headers: { "if-none-match": '"v1"' } });
    expect(b.status).toBe(304);
    const c = await fetch(`${proxy.url}/repos/o/r/pulls`, { method: "POST", body: "{}" });
    expect((await c.json()).body).toBe("{}");
    expect(proxy.summary()).toEqual({
      total: 3,
      charged: 2,
      notModified: 1,
      byRoute: { "GET /repos/{o}/{r}/pulls/{n}": { calls: 2, charged: 1 }, "POST /repos/{o}/{r}/pulls": { calls: 1, charged: 1 } },
    });
    proxy.reset();
    expect(proxy.summary().total).toBe(0);
  });

  it("groups ARM and git paths by route", () => {
    expect(routeOf("/subscriptions/abc/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc-1/deployments?api-version=x")).toBe(
      "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}/deployments",
    );
    expect(routeOf(`/repos/o/r/commits/${"a".repeat(40)}/check-runs`)).toBe("/repos/{o}/{r}/commits/{sha}/check-runs");
    expect(routeOf("/repos/o/r/git/ref/heads/modelgate/req-12")).toBe("/repos/{o}/{r}/git/ref/{branch}");
  });
});

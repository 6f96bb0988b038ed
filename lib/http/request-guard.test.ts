import { describe, expect, it } from "vitest";
import { checkRequestShape } from "./request-guard";

const get = (rawPathAndQuery: string) =>
  checkRequestShape({ method: "GET", rawPathAndQuery, pathname: rawPathAndQuery.split("?")[0], headers: new Headers({ host: "portal" }) });
const post = (headers: Record<string, string>, path = "/queue") =>
  checkRequestShape({ method: "POST", rawPathAndQuery: path, pathname: path, headers: new Headers({ host: "portal", ...headers }) });

describe("checkRequestShape", () => {
  it("refuses a path with a broken %-escape and NUL anywhere, with 400", () => {
    expect(get("/requests/%E0%A4%A")).toMatchObject({ status: 400 });
    expect(get("/requests?team=%00")).toMatchObject({ status: 400 });
    expect(get("/inventory/%00")).toMatchObject({ status: 400 });
    expect(get("/queue?team=%zz")).toMatchObject({ status: 400 });
    expect(get("/queue?team=Search+Team&sort=age")).toBeUndefined();
    expect(get("/requests/%E2%9C%93")).toBeUndefined();
  });

  it("refuses a cross-origin form post with 403 and an oversized or unmeasured one with 413/411", () => {
    expect(post({ origin: "https://evil.example", "content-length": "10" })).toMatchObject({ status: 403 });
    expect(post({ origin: "null", "content-length": "10" })).toMatchObject({ status: 403 });
    expect(post({ origin: "http://portal", "content-length": String(2 * 1024 * 1024) })).toMatchObject({ status: 413 });
    expect(post({ origin: "http://portal" })).toMatchObject({ status: 411 });
    expect(post({ origin: "http://portal", "content-length": "100" })).toBeUndefined();
    expect(post({ origin: "http://front", "x-forwarded-host": "front", "content-length": "100" })).toBeUndefined();
  });

  it("leaves the APIs' POST bodies to the APIs", () => {
    expect(post({ origin: "https://github.com" }, "/api/webhooks/github")).toBeUndefined();
  });
});

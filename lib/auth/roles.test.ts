import { describe, expect, it } from "vitest";
import { hasCapability, listNavItems, safeNextPath } from "./roles";

describe("roles", () => {
  it("gives each role the navigation that fits it", () => {
    expect(listNavItems("requester").map((i) => i.label)).toEqual(["Request a model", "My requests", "Inventory"]);
    // Who never submits requests reads them all: no always-empty "My requests".
    expect(listNavItems("approver").map((i) => i.label)).toEqual(["Requests", "Approval queue", "Inventory", "Quota dashboard", "Delivery dashboard"]);
    expect(listNavItems("manager").map((i) => i.label)).toEqual(["Requests", "Inventory", "Quota dashboard", "Delivery dashboard"]);
    expect(listNavItems("admin")).toHaveLength(6);
  });

  it("keeps decisions to approvers and admins", () => {
    expect(hasCapability("requester", "queue:decide")).toBe(false);
    expect(hasCapability("manager", "queue:decide")).toBe(false);
    expect(hasCapability("approver", "queue:decide")).toBe(true);
    expect(hasCapability("admin", "queue:decide")).toBe(true);
  });

  it("only returns to in-app paths after sign-in", () => {
    expect(safeNextPath("/queue")).toBe("/queue");
    expect(safeNextPath("//evil.example")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
    expect(safeNextPath("https://evil.example")).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
  });

  it("reads the path as a browser will: tabs, newlines, backslashes and dot segments can't leave the portal", () => {
    // What /signin?next=/%09/evil.example/phish decodes to: the browser drops the TAB and goes to evil.example.
    expect(safeNextPath("/\t/evil.example/phish")).toBe("/");
    expect(safeNextPath("/\n/evil.example")).toBe("/");
    expect(safeNextPath("/\\/evil.example")).toBe("/");
    expect(safeNextPath("/.//evil.example")).toBe("/");
    expect(safeNextPath("/%2e//evil.example")).toBe("/");
    // CR/LF inside a same-site path are dropped rather than reaching a Location header.
    expect(safeNextPath("/queue\r\nSet-Cookie: x=1")).toBe("/queueSet-Cookie:%20x=1");
    expect(safeNextPath("/requests?status=open#top")).toBe("/requests?status=open#top");
    expect(safeNextPath("/a/../inventory")).toBe("/inventory");
    expect(safeNextPath("/" + "a".repeat(3000))).toBe("/");
  });
});

import { describe, expect, it } from "vitest";
import { ConcurrencyGroups, replacedMessage } from "./concurrency";

const never = new AbortController().signal;

describe("concurrency groups (GitHub Actions semantics)", () => {
  it("runs one at a time, keeps at most one pending, and a newer request replaces the pending one", async () => {
    const groups = new ConcurrencyGroups();
    const cancelled: string[] = [];
    const opts = (key: string) => ({ cancelInProgress: false, cancel: () => cancelled.push(key), signal: never });
    expect(await groups.acquire("deploy", "a", opts("a"))).toBe("acquired");
    const b = groups.acquire("Deploy", "b", opts("b")); // group names compare case-insensitively
    const c = groups.acquire("deploy", "c", opts("c"));
    expect(await b).toBe("cancelled");
    groups.release("deploy", "a");
    expect(await c).toBe("acquired");
    expect(cancelled).toEqual([]); // nobody running was cancelled
    expect(groups.busy("deploy")).toBe(true);
    groups.release("deploy", "c");
    expect(groups.busy("deploy")).toBe(false);
  });

  it("with cancel-in-progress, a newcomer cancels the running one and takes the group when it lets go", async () => {
    const groups = new ConcurrencyGroups();
    let stop = () => {};
    const stopped = new Promise<void>((r) => (stop = r));
    await groups.acquire("g", "a", { cancelInProgress: true, cancel: () => stop(), signal: never });
    const b = groups.acquire("g", "b", { cancelInProgress: true, cancel: () => {}, signal: never });
    await stopped;
    groups.release("g", "a");
    expect(await b).toBe("acquired");
  });

  it("names the group in GitHub's words", () => {
    expect(replacedMessage("deploy-ai-models")).toBe("Canceling since a higher priority waiting request for 'deploy-ai-models' exists");
  });
});

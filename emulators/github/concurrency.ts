/**
 * GitHub Actions concurrency groups: at most one running and one pending job (or run) per group. A newcomer
 * waits while another holds the group; it cancels the pending one it replaces ("Canceling since a higher priority
 * waiting request for '<group>' exists"); with cancel-in-progress it also cancels the running one. Groups compare
 * case-insensitively.
 */

export type Admission = "acquired" | "cancelled";

interface Waiter {
  key: string;
  resolve: (a: Admission) => void;
}

interface Group {
  running: { key: string; cancel: () => void } | null;
  pending: Waiter | null;
}

/** The message GitHub puts on a job or run a newer one replaced in its group. */
export function replacedMessage(group: string): string {
  return `Canceling since a higher priority waiting request for '${group}' exists`;
}

export class ConcurrencyGroups {
  private readonly groups = new Map<string, Group>();

  private group(name: string): Group {
    const key = name.toLowerCase();
    let g = this.groups.get(key);
    if (!g) {
      g = { running: null, pending: null };
      this.groups.set(key, g);
    }
    return g;
  }

  /** True while something holds or waits for the group. */
  busy(name: string): boolean {
    const g = this.group(name);
    return g.running !== null || g.pending !== null;
  }

  /**
   * Waits for the group. `cancel` is how the holder is stopped if a newer one arrives with cancel-in-progress.
   * Resolves "cancelled" when a newer request replaced this one while it was pending (or the signal aborted).
   */
  acquire(name: string, key: string, opts: { cancelInProgress: boolean; cancel: () => void; signal: AbortSignal }): Promise<Admission> {
    const g = this.group(name);
    if (!g.running) {
      g.running = { key, cancel: opts.cancel };
      return Promise.resolve("acquired");
    }
    g.pending?.resolve("cancelled");
    if (opts.cancelInProgress) g.running.cancel();
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        key,
        resolve: (a) => {
          opts.signal.removeEventListener("abort", onAbort);
          if (g.pending === waiter) g.pending = null;
          if (a === "acquired") g.running = { key, cancel: opts.cancel };
          resolve(a);
        },
      };
      const onAbort = () => waiter.resolve("cancelled");
      opts.signal.addEventListener("abort", onAbort, { once: true });
      g.pending = waiter;
    });
  }

  /** The holder is done: the pending one (if any) gets the group. */
  release(name: string, key: string): void {
    const g = this.group(name);
    if (g.running?.key !== key) return;
    g.running = null;
    g.pending?.resolve("acquired");
  }
}

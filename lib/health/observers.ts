import "server-only";
import { AzureError, type AzureClient } from "@/lib/azure";
import type { GitOpsRequestEvent } from "@/lib/gitops";

/**
 * What this process last saw of GitHub and Azure. Every call the portal makes anyway (the reconciler, the
 * poll, pages, actions) is an observation, so a health check reports those instead of calling out itself;
 * only when nothing was observed for a minute does it probe, at most once a minute per dependency.
 */

/** One observed outcome of talking to a dependency. */
export interface Observation {
  ok: boolean;
  /** When (ms since the epoch). */
  at: number;
  latencyMs: number;
  /** "traffic": a call the portal made for its own work; "probe": the health check's own call. */
  source: "traffic" | "probe";
  detail?: string;
  error?: string;
}

/** GitHub's rate limit as its last response stated it. */
export interface RateLimitSeen {
  limit?: number;
  remaining: number;
  /** Seen at (ms since the epoch). */
  at: number;
}

/** The last observation of one dependency, and the single-flight probe used when it is too old. */
export class DependencyObserver {
  private last: Observation | null = null;
  private probing: Promise<Observation> | null = null;
  private lastProbeAt = Number.NEGATIVE_INFINITY;
  /** Health probes this observer has run (tests and the benchmark read it). */
  probes = 0;
  rateLimit: RateLimitSeen | null = null;
  /** GitHub: App permissions the installation lacked when the health probe last asked. */
  missingPermissions: string[] = [];

  /** Records an outcome; the newest wins. */
  record(o: Observation): void {
    if (!this.last || o.at >= this.last.at) this.last = o;
  }

  /** The last observation, or null when nothing was seen yet. */
  get latest(): Observation | null {
    return this.last;
  }

  /**
   * The last observation when it is at most `maxAgeMs` old; otherwise runs `probe` (one at a time, and at
   * most once per `maxAgeMs`) and returns what it saw. Never throws: a failing probe is an observation.
   */
  async current(probe: () => Promise<Omit<Observation, "at" | "source">>, maxAgeMs = 60_000, now = Date.now()): Promise<Observation | null> {
    if (this.last && now - this.last.at <= maxAgeMs) return this.last;
    if (!this.probing && now - this.lastProbeAt < maxAgeMs) return this.last;
    if (!this.probing) {
      this.lastProbeAt = now;
      this.probes++;
      const started = Date.now();
      this.probing = probe()
        .catch((e: unknown) => ({ ok: false, latencyMs: Date.now() - started, error: e instanceof Error ? e.message : String(e) }))
        .then((o) => {
          const seen: Observation = { ...o, at: Date.now(), source: "probe" };
          this.record(seen);
          return seen;
        })
        .finally(() => {
          this.probing = null;
        });
    }
    await this.probing;
    return this.last;
  }
}

/** The observers of this process (one per dependency), kept by the composition root. */
export interface DependencyObservers {
  github: DependencyObserver;
  azure: DependencyObserver;
}

/** Fresh observers for a process. */
export function createDependencyObservers(): DependencyObservers {
  return { github: new DependencyObserver(), azure: new DependencyObserver() };
}

/**
 * The GitOps client's per-request hook that records GitHub's answers: GitHub is unwell on network errors,
 * 5xx, 401 and rate limits (429, or 403 with none left); any other answer means it is up and answering.
 */
export function observeGitHubRequests(observer: DependencyObserver, next?: (e: GitOpsRequestEvent) => void): (e: GitOpsRequestEvent) => void {
  return (e) => {
    const now = Date.now();
    const limited = e.status === 429 || (e.status === 403 && e.rateLimitRemaining === 0);
    const ok = e.status !== 0 && e.status < 500 && e.status !== 401 && !limited;
    const what = `${e.method} ${new URL(e.url).pathname}`;
    observer.record({
      ok,
      at: now,
      latencyMs: Math.round(e.durationMs),
      source: "traffic",
      detail: `last call ${what} → ${e.status === 0 ? "no answer" : e.status}`,
      ...(ok ? {} : { error: e.status === 0 ? `GitHub did not answer ${what}` : limited ? "GitHub's rate limit is exhausted" : `GitHub answered ${e.status} to ${what}` }),
    });
    if (e.rateLimitRemaining !== undefined && Number.isFinite(e.rateLimitRemaining)) observer.rateLimit = { remaining: e.rateLimitRemaining, at: now };
    next?.(e);
  };
}

// Failures that say Azure itself is unwell or unreachable; the others (not found, conflict, quota, invalid)
// are Azure answering about the request.
const UNWELL = new Set(["forbidden", "throttled", "unavailable", "unknown"]);

/** The Azure client with every call's outcome recorded (the client is otherwise unchanged). */
export function observeAzureClient(client: AzureClient, observer: DependencyObserver): AzureClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "checkHealth") return value;
      return (...args: unknown[]) => {
        const started = Date.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const what = String(prop);
        return result.then(
          (v) => {
            observer.record({ ok: true, at: Date.now(), latencyMs: Date.now() - started, source: "traffic", detail: `last call ${what} succeeded` });
            return v;
          },
          (e: unknown) => {
            const unwell = !(e instanceof AzureError) || UNWELL.has(e.kind);
            const message = e instanceof Error ? e.message : String(e);
            observer.record({
              ok: !unwell,
              at: Date.now(),
              latencyMs: Date.now() - started,
              source: "traffic",
              ...(unwell ? { error: message } : { detail: `last call ${what} answered: ${message}` }),
            });
            throw e;
          },
        );
      };
    },
  });
}

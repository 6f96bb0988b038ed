import "server-only";
import type { LeaderLock } from "./leader-lock";
import type { SyncPassResult } from "./sync-pass";

export interface ReconcilerOptions {
  runPass: () => Promise<SyncPassResult>;
  lock: LeaderLock;
  /** Gap between passes when nothing is deploying (config.syncIntervalSeconds). */
  intervalMs: number;
  /** Gap while a deployment is settling, so a status change shows within seconds even without webhooks. */
  activeIntervalMs?: number;
  /** How often a standby tries to take the leadership over. */
  standbyRetryMs?: number;
  /** A cheap local check (one database count) for requests waiting on a deploy: a merge made anywhere starts passes within seconds. */
  hasActiveWork?: () => Promise<boolean>;
  /** How often the leader runs `hasActiveWork` between passes. */
  activeCheckMs?: number;
  log?: (m: string) => void;
}

/**
 * Runs reconciler passes on an interval in this process, but only while it holds the leadership (one active
 * reconciler across processes). `wake()` runs a pass at once (webhooks, a merge just made).
 */
export class Reconciler {
  private stopped = true;
  private leader = false;
  private running = false;
  private again = false;
  private woken = false;
  private timer: NodeJS.Timeout | null = null;
  private wakeSleep: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private waiters: ((r: SyncPassResult | null) => void)[] = [];
  /** Passes this process has run (tests read it). */
  passes = 0;
  lastResult: SyncPassResult | null = null;

  constructor(private readonly options: ReconcilerOptions) {
    options.lock.onWake?.(() => this.wake());
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Asks for a pass now; a pass in progress is followed by another (its reads may predate the news). */
  wake(): void {
    if (this.running) this.again = true;
    this.woken = true;
    this.wakeSleep?.();
  }

  /** Wakes the reconciler and resolves with the next pass's result (null when this process isn't the leader). */
  passNow(): Promise<SyncPassResult | null> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.wake();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    await this.loop;
    this.loop = null;
    await this.options.lock.release();
    this.leader = false;
    this.waiters.splice(0).forEach((w) => w(null));
  }

  private async run(): Promise<void> {
    const log = this.options.log ?? (() => {});
    while (!this.stopped) {
      if (!this.leader) this.woken = false;
      const wasLeader = this.leader;
      this.leader = await this.options.lock.tryAcquire();
      if (this.leader !== wasLeader) log(this.leader ? "reconciler: this process leads" : "reconciler: standing by (another process leads)");
      let delay = this.options.standbyRetryMs ?? 5_000;
      if (this.leader) {
        this.running = true;
        this.again = false;
        this.woken = false;
        let result: SyncPassResult | null = null;
        try {
          result = await this.options.runPass();
          this.lastResult = result;
          if (!result.status.ok) log(`reconciler: pass finished with problems: ${result.status.errors.map((e) => e.message).join("; ")}`);
        } catch (e) {
          log(`reconciler: pass failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          this.running = false;
          this.passes++;
        }
        this.waiters.splice(0).forEach((w) => w(result));
        const settling = result?.inventory.rows.some((r) => r.status === "deploying") ?? false;
        delay = this.again ? 0 : settling ? (this.options.activeIntervalMs ?? 3_000) : this.options.intervalMs;
      } else {
        this.waiters.splice(0).forEach((w) => w(null));
      }
      if (delay > 0) await this.idle(delay);
    }
  }

  /** Sleeps until the next pass is due, a wake-up, or (as leader) new deploy work shows up in the database. */
  private async idle(ms: number): Promise<void> {
    if (this.woken) return;
    const check = this.options.hasActiveWork;
    if (!check || !this.leader) return this.sleep(ms);
    const step = this.options.activeCheckMs ?? 2_000;
    const active = this.options.activeIntervalMs ?? 3_000;
    const started = Date.now();
    while (!this.stopped && !this.woken && Date.now() - started < ms) {
      await this.sleep(Math.min(step, ms - (Date.now() - started)));
      if (this.woken || Date.now() - started < active) continue;
      if (await check().catch(() => false)) return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleep = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wakeSleep = null;
        resolve();
      };
      this.timer = setTimeout(() => this.wakeSleep?.(), ms);
    });
  }
}

import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db";

export interface OutboxJob {
  id: bigint;
  kind: string;
  requestId: string | null;
  payload: Prisma.JsonValue;
  attempts: number;
}

/** Thrown by a handler for a failure retrying can't fix: the job ends dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export interface JobContext {
  prisma: PrismaClient;
  workerId: string;
  signal: AbortSignal;
}

export interface JobHandler {
  run(job: OutboxJob, ctx: JobContext): Promise<void>;
  /** Called once when the job gives up (attempts used up or PermanentJobError), e.g. to mark the request. */
  onDead?(job: OutboxJob, error: Error, ctx: JobContext): Promise<void>;
  /** Attempts before giving up (default 8). */
  maxAttempts?: number;
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export interface JobRunnerOptions {
  handlers: Record<string, JobHandler>;
  workerId?: string;
  /** How often to look for due jobs when nobody calls wake() (default 1 s). */
  pollMs?: number;
  /** How long a claimed job stays ours; a crashed worker's jobs are picked up after this (default 60 s). */
  leaseMs?: number;
  backoff?: (attempt: number) => number;
  log?: (message: string) => void;
}

/**
 * Runs outbox jobs. Claims one due job at a time with `FOR UPDATE SKIP LOCKED` and a lease, so several
 * workers (portal replicas, `npm run worker`) never run the same job at once, and a job whose worker died
 * mid-way is retried after its lease runs out. Handlers must be idempotent.
 */
export class JobRunner {
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private wakeRequested = false;
  private readonly abort = new AbortController();
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: JobRunnerOptions,
  ) {
    this.workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  }

  /** Claims the next due job, or null. */
  async claimNext(): Promise<OutboxJob | null> {
    const leaseMs = this.options.leaseMs ?? 60_000;
    const kinds = Object.keys(this.options.handlers);
    if (kinds.length === 0) return null;
    const rows = await this.prisma.$queryRaw<
      { id: bigint; kind: string; request_id: string | null; payload: Prisma.JsonValue; attempts: number }[]
    >`
      UPDATE "outbox_jobs" SET "status" = 'running', "locked_by" = ${this.workerId},
        "locked_until" = now() + (${leaseMs}::int * interval '1 millisecond'), "attempts" = "attempts" + 1, "updated_at" = now()
      WHERE "id" = (
        SELECT "id" FROM "outbox_jobs"
        WHERE "kind" = ANY(${kinds}::text[])
          AND (("status" = 'pending' AND "run_at" <= now()) OR ("status" = 'running' AND "locked_until" < now()))
        ORDER BY "run_at", "id" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "kind", "request_id", "payload", "attempts"`;
    const row = rows[0];
    return row ? { id: row.id, kind: row.kind, requestId: row.request_id, payload: row.payload, attempts: row.attempts } : null;
  }

  /** Runs one due job if there is one; returns whether it found one. */
  async runOnce(): Promise<boolean> {
    const job = await this.claimNext();
    if (!job) return false;
    const handler = this.options.handlers[job.kind];
    const ctx: JobContext = { prisma: this.prisma, workerId: this.workerId, signal: this.abort.signal };
    try {
      await handler.run(job, ctx);
      await this.prisma.outboxJob.updateMany({
        where: { id: job.id, lockedBy: this.workerId },
        data: { status: "done", lockedBy: null, lockedUntil: null, lastError: null },
      });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const dead = error instanceof PermanentJobError || job.attempts >= (handler.maxAttempts ?? 8);
      this.options.log?.(`job ${job.kind} #${job.id} attempt ${job.attempts} failed${dead ? " for good" : ""}: ${error.message}`);
      await this.prisma.outboxJob.updateMany({
        where: { id: job.id, lockedBy: this.workerId },
        data: dead
          ? { status: "dead", lockedBy: null, lockedUntil: null, lastError: error.message }
          : {
              status: "pending",
              lockedBy: null,
              lockedUntil: null,
              lastError: error.message,
              runAt: new Date(Date.now() + (this.options.backoff ?? backoffMs)(job.attempts)),
            },
      });
      if (dead) await handler.onDead?.(job, error, ctx).catch((e) => this.options.log?.(`onDead of ${job.kind} #${job.id} failed: ${e}`));
    }
    return true;
  }

  /** Runs due jobs until none is left. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOnce()) n++;
    return n;
  }

  /** Starts polling; wake() runs a pass at once (after an enqueue or a webhook). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle;
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick() {
    if (this.stopped || this.running) return;
    this.running = true;
    let release!: () => void;
    this.idle = new Promise((r) => (release = r));
    try {
      do {
        this.wakeRequested = false;
        while (!this.stopped && (await this.runOnce())) {
          // keep going while there is work
        }
      } while (this.wakeRequested && !this.stopped);
    } catch (err) {
      this.options.log?.(`job runner pass failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.running = false;
      release();
      if (!this.stopped) this.schedule(this.options.pollMs ?? 1000);
    }
  }
}

import "server-only";
import type { PrismaClient } from "@/lib/db";
import type { DomainDeps } from "@/lib/requests";
import { ensureGitHubPollScheduled } from "./github-poll";
import { ensureWaitingReminderScheduled } from "./notify-waiting";
import { createJobHandlers } from "./registry";
import { JobRunner } from "./runner";

const holder = globalThis as unknown as { __modelgateRunner?: JobRunner };

/** Starts the outbox job runner in this process (once), with the handlers of every job kind. */
export async function startJobRunner(
  db: PrismaClient,
  getDeps: () => Promise<DomainDeps>,
  options: { workerId?: string; log?: (m: string) => void } = {},
): Promise<JobRunner> {
  if (holder.__modelgateRunner) return holder.__modelgateRunner;
  const log = options.log ?? ((m: string) => console.warn(`[jobs] ${m}`));
  const runner = new JobRunner(db, { handlers: createJobHandlers(getDeps), workerId: options.workerId, log });
  holder.__modelgateRunner = runner;
  runner.start();
  // The GitHub poll reschedules itself; make sure one is waiting (catch-up when webhooks are missing).
  await ensureGitHubPollScheduled(db).catch((e) => log(`cannot schedule the GitHub poll: ${e}`));
  await ensureWaitingReminderScheduled(db).catch((e) => log(`cannot schedule the waiting-requests reminder: ${e}`));
  return runner;
}

/** Asks the in-process runner (if any) to look for work now, e.g. right after a request was written. */
export function wakeJobRunner(): void {
  holder.__modelgateRunner?.wake();
}

/** Stops the in-process runner, waiting for the job in hand. */
export async function stopJobRunner(): Promise<void> {
  await holder.__modelgateRunner?.stop();
  holder.__modelgateRunner = undefined;
}

import "server-only";
import { prisma } from "@/lib/db";
import { JOB_HANDLERS } from "./jobs";
import { JobRunner } from "./outbox";

const holder = globalThis as unknown as { __modelgateRunner?: JobRunner };

/** Starts the outbox job runner in this process (once). */
export async function startBackgroundWork(options: { workerId?: string; log?: (m: string) => void } = {}): Promise<JobRunner> {
  if (holder.__modelgateRunner) return holder.__modelgateRunner;
  const runner = new JobRunner(await prisma(), { handlers: JOB_HANDLERS, workerId: options.workerId, log: options.log ?? ((m) => console.warn(`[jobs] ${m}`)) });
  holder.__modelgateRunner = runner;
  runner.start();
  // The GitHub poll reschedules itself; make sure one is waiting (catch-up when webhooks are missing).
  const { ensureGitHubPollScheduled } = await import("./queue-jobs");
  await ensureGitHubPollScheduled(await prisma()).catch((e) => options.log?.(`cannot schedule the GitHub poll: ${e}`));
  return runner;
}

/** Asks the in-process runner (if any) to look for work now, e.g. right after a request was written. */
export function wakeBackgroundWork(): void {
  holder.__modelgateRunner?.wake();
}

/** Stops the in-process runner, waiting for the job in hand. */
export async function stopBackgroundWork(): Promise<void> {
  await holder.__modelgateRunner?.stop();
  holder.__modelgateRunner = undefined;
}

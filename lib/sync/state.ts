import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db";

/** Where a pass stores its facts in sync_state: the pass's outcome, the last quota values. */
export const STATUS_KEY = "sync:status";
export const QUOTA_MEMORY_KEY = "sync:quota-memory";

/** A stored value of sync_state, or null. */
export async function readState<T>(db: PrismaClient, key: string): Promise<T | null> {
  const row = await db.syncState.findUnique({ where: { key } });
  return (row?.value as T | undefined) ?? null;
}

/** Stores a value in sync_state. */
export async function writeState(db: PrismaClient, key: string, value: unknown): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await db.syncState.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
}

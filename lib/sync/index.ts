// Public surface of lib/sync: the reconciler (GitHub + Azure → requests, snapshots, inventory) and its reads.
export { requestSyncPass, startReconciler, stopReconciler } from "./background";
export { runSyncPass, readSyncStatus, type SyncDeps, type SyncPassResult } from "./sync-pass";
export {
  countInventoryByStatus,
  countRetiringSoon,
  listInventoryPage,
  listInventoryTeams,
  listRetirements,
  readInventoryMeta,
  readInventoryRow,
  readInventoryRows,
} from "./inventory-store";
export { Reconciler, type ReconcilerOptions } from "./reconciler";
export { createAdvisoryLeaderLock, createLocalLeaderLock, type LeaderLock } from "./leader-lock";
export * from "./inventory-model";
export { settleRequests } from "./settle-requests";

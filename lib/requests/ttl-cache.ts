import "server-only";

type Entry = { at: number; value: Promise<unknown> };

// Keyed by the client object, so tests with their own emulator clients never see each other's answers.
const caches = new WeakMap<object, Map<string, Entry>>();

/**
 * Remembers an async answer for a short time per client and key (the form's options are read on every
 * keystroke-driven refresh; Azure's lists change rarely). A failed read is not remembered.
 */
export function rememberFor<T>(owner: object, key: string, ttlMs: number, read: () => Promise<T>): Promise<T> {
  let map = caches.get(owner);
  if (!map) caches.set(owner, (map = new Map()));
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = read();
  const entry = { at: Date.now(), value };
  map.set(key, entry);
  value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  if (map.size > 500) map.delete(map.keys().next().value!);
  return value;
}

/** Drops remembered answers of a client whose key starts with the prefix (after a write that changes them). */
export function forget(owner: object, prefix = ""): void {
  const map = caches.get(owner);
  if (!map) return;
  for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
}

/**
 * oidc-provider's storage for codes, sessions, grants and interactions, kept in memory: an emulator restart
 * signs everybody out of the emulated tenant, as a cleared browser would. (The provider's own in-memory
 * adapter does the same but prints a production warning on every start.)
 */
import type { Adapter, AdapterPayload } from "oidc-provider";

type Entry = { payload: AdapterPayload; expiresAt: number };

/** An adapter factory for one provider: each model name (Session, Grant, Interaction…) gets its own map. */
export function createMemoryAdapter(): (name: string) => Adapter {
  const stores = new Map<string, Map<string, Entry>>();
  return (name) => {
    const store = stores.get(name) ?? new Map<string, Entry>();
    stores.set(name, store);
    return new MemoryAdapter(store);
  };
}

class MemoryAdapter implements Adapter {
  constructor(private readonly store: Map<string, Entry>) {}

  private read(id: string): AdapterPayload | undefined {
    const entry = this.store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.read(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.store) if (entry.payload.userCode === userCode) return this.read(id);
    return undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.store) if (entry.payload.uid === uid) return this.read(id);
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
  }
}

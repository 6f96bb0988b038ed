import "server-only";

/**
 * A least-recently-used map bounded by entries and by the size of what it holds (characters of text), so a few
 * large values (a parameter file of thousands of elements, a long list) can't push everything else out, nor
 * grow the process without limit. A value larger than a quarter of the size bound is not kept at all.
 */
export class BoundedLru<V> {
  private readonly entries = new Map<string, V>();
  private held = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value (now the most recently used), or undefined. */
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps a value, evicting the least recently used until both bounds hold. */
  set(key: string, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    if (size > this.maxSize / 4) return;
    this.entries.set(key, value);
    this.held += size;
    while (this.entries.size > this.maxEntries || this.held > this.maxSize) this.delete(this.entries.keys().next().value!);
  }

  /** Forgets a key. */
  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.held -= this.sizeOf(old);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed size of the values held. */
  get bytes(): number {
    return this.held;
  }
}

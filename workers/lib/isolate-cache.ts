/**
 * Values kept in this isolate's memory in front of KV: at most `maxEntries` (the least recently
 * used go first), each for `ttlMs` after it was stored. Nothing here is shared between isolates,
 * so callers only keep what they can check (a version stamp) or may serve slightly old.
 * @example const memo = new IsolateCache<string>(256, 60_000); memo.get(key) ?? memo.set(key, await load())
 */
export class IsolateCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || entry.until <= Date.now()) return undefined;
    this.entries.set(key, entry); // most recently used last
    return entry.value;
  }

  set(key: string, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

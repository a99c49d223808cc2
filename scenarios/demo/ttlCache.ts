/**
 * A small real module that knows nothing of the simulation: a TTL cache that reads `Date.now()` and
 * sweeps expired entries with `setTimeout`. Under `sim.installGlobals()` it runs on virtual time.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private sweeper: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: V): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
    this.scheduleSweep();
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e || e.expires <= Date.now()) return undefined;
    return e.value;
  }

  private scheduleSweep(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      const now = Date.now();
      for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
      if (this.entries.size > 0) this.scheduleSweep();
    }, this.ttlMs);
  }
}

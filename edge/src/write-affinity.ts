// Read-your-writes across regions: after a caller's write, the edge sends that caller's requests to
// the region that took the write for a short while. Regions share the database but learn another
// region's new stores only on their next registry refresh, so without this a question asked right
// after a write could land on a region that does not know the store yet. Only a hint: an unhealthy
// region is passed over as usual.
import { LRUCache } from 'lru-cache';
import { entriesAtMost } from './bounded.ts';

export class WriteAffinity {
  readonly #regions: LRUCache<string, string>;

  constructor(ttlMs: number, maxCallers = 100_000) {
    this.#regions = new LRUCache<string, string>({ ...entriesAtMost(maxCallers), ttl: Math.max(1, ttlMs) });
  }

  /** Remembers the region that took `caller`'s write. */
  wrote(caller: string, region: string): void {
    this.#regions.set(caller, region);
  }

  /** The region `caller` last wrote through, while the affinity lasts. */
  regionOf(caller: string | undefined): string | undefined {
    return caller === undefined ? undefined : this.#regions.get(caller);
  }
}

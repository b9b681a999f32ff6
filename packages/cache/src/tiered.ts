// Checks tiers fastest first; a hit in a slower tier is written back to every faster tier before
// it is returned. A failing tier counts as a miss and never fails the lookup.
import type { CacheStore, Entry } from './entry.ts';

export type TierErrorHandler = (tier: string, op: 'get' | 'set' | 'remove', error: unknown) => void;

export interface TieredLookup<T> {
  entry: Entry<T>;
  /** Name of the tier that answered. */
  tier: string;
}

export class TieredStore<T> implements CacheStore<T> {
  readonly name: string;
  readonly tiers: readonly CacheStore<T>[];
  readonly #onError: TierErrorHandler;

  constructor(tiers: CacheStore<T>[], onError: TierErrorHandler = () => {}) {
    if (tiers.length === 0) throw new Error('TieredStore needs at least one tier');
    this.tiers = tiers;
    this.name = tiers.map((t) => t.name).join('>');
    this.#onError = onError;
  }

  /** Like get(), but also says which tier answered. */
  async lookup(key: string): Promise<TieredLookup<T> | undefined> {
    for (let i = 0; i < this.tiers.length; i++) {
      const tier = this.tiers[i]!;
      let entry: Entry<T> | undefined;
      try {
        entry = await tier.get(key);
      } catch (error) {
        this.#onError(tier.name, 'get', error);
        continue;
      }
      if (entry === undefined) continue;
      if (i > 0) await this.#write(this.tiers.slice(0, i), key, entry);
      return { entry, tier: tier.name };
    }
    return undefined;
  }

  async get(key: string): Promise<Entry<T> | undefined> {
    return (await this.lookup(key))?.entry;
  }

  async set(key: string, entry: Entry<T>): Promise<void> {
    await this.#write(this.tiers, key, entry);
  }

  async remove(...keys: string[]): Promise<void> {
    await Promise.all(
      this.tiers.map((tier) =>
        tier.remove(...keys).catch((error) => this.#onError(tier.name, 'remove', error)),
      ),
    );
  }

  async #write(tiers: readonly CacheStore<T>[], key: string, entry: Entry<T>): Promise<void> {
    await Promise.all(
      tiers.map((tier) => tier.set(key, entry).catch((error) => this.#onError(tier.name, 'set', error))),
    );
  }
}

// A cached value with its two deadlines. Shared by every store and by swr(); it must never carry
// anything but the already-serialised value: stores hold bytes or strings, not live objects.

export interface Entry<T> {
  value: T;
  /** Epoch ms until which the value may be served without asking the origin. */
  freshUntil: number;
  /** Epoch ms until which the value may still be served while it is refreshed; then it is gone. */
  staleUntil: number;
}

/** A store of entries. Every method may reject (a remote tier is down); callers treat that as a miss. */
export interface CacheStore<T> {
  /** Names the tier in metrics and errors, e.g. `memory` or `upstash`. */
  readonly name: string;
  get(key: string): Promise<Entry<T> | undefined>;
  set(key: string, entry: Entry<T>): Promise<void>;
  remove(...keys: string[]): Promise<void>;
}

export function isFresh(entry: Entry<unknown>, now: number): boolean {
  return now < entry.freshUntil;
}

export function isServable(entry: Entry<unknown>, now: number): boolean {
  return now < entry.staleUntil;
}

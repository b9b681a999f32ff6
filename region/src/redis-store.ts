/**
 * The shared cache tier over Redis (TCP, ioredis), Node only. Fails fast while Redis is down — no
 * offline queue, short timeouts — so a dead Redis costs a miss, never a slow answer.
 */
import type { CacheStore, Entry } from '@smartdb/cache';
import { Redis } from 'ioredis';

export class RedisStore implements CacheStore<string> {
  readonly name = 'redis';
  readonly client: Redis;

  constructor(
    url: string,
    private readonly prefix = 'smartdb:',
  ) {
    this.client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 250,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Connection errors surface as failed commands; without a listener ioredis would log them all.
    this.client.on('error', () => {});
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async get(key: string): Promise<Entry<string> | undefined> {
    const raw = await this.client.get(this.prefix + key);
    if (raw === null) return undefined;
    const first = raw.indexOf('|');
    const second = raw.indexOf('|', first + 1);
    if (first < 0 || second < 0) return undefined;
    const entry = {
      freshUntil: Number(raw.slice(0, first)),
      staleUntil: Number(raw.slice(first + 1, second)),
      value: raw.slice(second + 1),
    };
    return Date.now() < entry.staleUntil ? entry : undefined;
  }

  async set(key: string, entry: Entry<string>): Promise<void> {
    const ttl = Math.ceil(entry.staleUntil - Date.now());
    if (ttl <= 0) return;
    await this.client.set(
      this.prefix + key,
      `${entry.freshUntil}|${entry.staleUntil}|${entry.value}`,
      'PX',
      ttl,
    );
  }

  async remove(...keys: string[]): Promise<void> {
    if (keys.length) await this.client.del(...keys.map((k) => this.prefix + k));
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}

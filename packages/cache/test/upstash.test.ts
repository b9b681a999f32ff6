import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstashFixture, type UpstashFixture } from '../../../tests/support/upstash-fixture.ts';
import { MemoryStore, SwrCache, TieredStore, UpstashStore } from '../src/index.ts';

let fixture: UpstashFixture;
let redis: Redis;
const prefix = `test:${crypto.randomUUID()}:`;

beforeAll(async () => {
  fixture = await startUpstashFixture();
  redis = new Redis({
    url: fixture.url,
    token: fixture.token,
    automaticDeserialization: false,
    enableTelemetry: false,
  });
});
afterAll(async () => {
  await fixture.close();
});

describe('@upstash/redis through the REST fixture (real Redis)', () => {
  it('runs single commands, pipelines and transactions', async () => {
    const key = `${prefix}plain`;
    expect(await redis.set(key, 'héllo wörld', { ex: 60 })).toBe('OK');
    expect(await redis.get(key)).toBe('héllo wörld');
    expect(await redis.incr(`${prefix}n`)).toBe(1);
    const pipe = redis.pipeline();
    pipe.incr(`${prefix}n`);
    pipe.get(key);
    pipe.del(`${prefix}n`, key);
    expect(await pipe.exec()).toEqual([2, 'héllo wörld', 2]);
    const tx = redis.multi();
    tx.set(`${prefix}t`, 'x');
    tx.get(`${prefix}t`);
    tx.del(`${prefix}t`);
    expect(await tx.exec()).toEqual(['OK', 'x', 1]);
  });

  it('rejects a wrong token', async () => {
    const intruder = new Redis({ url: fixture.url, token: 'wrong', retry: false, enableTelemetry: false });
    await expect(intruder.get('anything')).rejects.toThrow(/Unauthorized/);
  });
});

describe('UpstashStore', () => {
  it('round-trips entries with their deadlines and expires them in Redis', async () => {
    const store = new UpstashStore(redis, { prefix });
    const now = Date.now();
    await store.set('a', { value: '{"n":1}', freshUntil: now + 1_000, staleUntil: now + 2_000 });
    expect(await store.get('a')).toEqual({
      value: '{"n":1}',
      freshUntil: now + 1_000,
      staleUntil: now + 2_000,
    });
    const ttl = await redis.pttl(`${prefix}a`);
    expect(ttl).toBeGreaterThan(1_000);
    expect(ttl).toBeLessThanOrEqual(2_000);
    await store.remove('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('keeps JSON-looking bodies as strings even with automatic deserialisation on', async () => {
    const eager = new Redis({ url: fixture.url, token: fixture.token, enableTelemetry: false });
    const store = new UpstashStore(eager, { prefix });
    const now = Date.now();
    await store.set('json', { value: '42', freshUntil: now + 1_000, staleUntil: now + 2_000 });
    expect((await store.get('json'))?.value).toBe('42');
  });

  it('as the slow tier back-fills memory, and survives the fixture going away', async () => {
    const memory = new MemoryStore({ maxEntries: 100, maxBytes: 1_000_000 });
    const upstash = new UpstashStore(redis, { prefix });
    const shared = new SwrCache(
      new TieredStore([new MemoryStore({ maxEntries: 100, maxBytes: 1e6 }), upstash]),
      {
        freshMs: 5_000,
        staleMs: 5_000,
      },
    );
    await shared.swr(
      'q',
      async () => ({ result: 'answer', value: 'answer' }),
      (v) => v,
    );

    const otherEdge = new SwrCache(new TieredStore([memory, upstash]), { freshMs: 5_000, staleMs: 5_000 });
    const before = fixture.requests();
    const answer = await otherEdge.swr(
      'q',
      async () => ({ result: 'origin', value: 'origin' }),
      (v) => v,
    );
    expect(answer).toMatchObject({ result: 'answer', state: 'hit', tier: 'upstash' });
    expect(fixture.requests()).toBeGreaterThan(before);
    expect((await memory.get('q'))?.value).toBe('answer');

    const down = new UpstashStore(
      new Redis({ url: 'http://127.0.0.1:9', token: 't', retry: false, enableTelemetry: false }),
      { prefix },
    );
    const errors: unknown[] = [];
    const degraded = new SwrCache(new TieredStore([down], () => errors.push('tier')), {
      freshMs: 1,
      staleMs: 1,
    });
    expect(
      await degraded.swr(
        'q',
        async () => ({ result: 'origin', value: 'origin' }),
        (v) => v,
      ),
    ).toEqual({
      result: 'origin',
      state: 'miss',
    });
    expect(errors.length).toBeGreaterThan(0);
  });
});

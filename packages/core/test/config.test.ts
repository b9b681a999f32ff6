/** Settings: one schema, defaults, and a one-line message naming the first bad variable. */
import { describe, expect, test } from 'vitest';
import { AppError, parseSettings, pickEnv, regionSettingsSchema } from '../src/index.ts';

const base = { SMARTDB_ADMIN_KEY: 'x'.repeat(16) };

describe('regionSettingsSchema', () => {
  test('defaults', () => {
    const parsed = parseSettings(regionSettingsSchema, base);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings).toMatchObject({
      PORT: 8081,
      REGION: 'local',
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: 10,
    });
    expect(parsed.settings.DATABASE_URL).toBeUndefined();
  });

  test('coerces numbers from strings', () => {
    const parsed = parseSettings(regionSettingsSchema, { ...base, PORT: '9090', DATABASE_POOL_SIZE: '4' });
    expect(parsed.ok && [parsed.settings.PORT, parsed.settings.DATABASE_POOL_SIZE]).toEqual([9090, 4]);
  });

  test.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ SMARTDB_ADMIN_KEY: 'short' }, 'SMARTDB_ADMIN_KEY'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ REGION: 'US East' }, 'REGION'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ UPSTASH_REDIS_REST_URL: 'https://example.upstash.io' }, 'UPSTASH_REDIS_REST_TOKEN'],
  ])('%j -> one line naming %s', (bad, name) => {
    const parsed = parseSettings(regionSettingsSchema, { ...base, ...bad });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(new RegExp(`^invalid ${name}: `));
    expect(parsed.message).not.toContain('\n');
  });

  test('a missing admin key is named', () => {
    const parsed = parseSettings(regionSettingsSchema, {});
    expect(!parsed.ok && parsed.message).toMatch(/^invalid SMARTDB_ADMIN_KEY: /);
  });
});

describe('pickEnv', () => {
  test('keeps only known keys and treats empty strings as unset', () => {
    expect(pickEnv({ PORT: '1', REGION: '', OTHER: 'x', HOME: '/root' }, ['PORT', 'REGION'])).toEqual({
      PORT: '1',
    });
  });
});

describe('AppError', () => {
  test('renders the standard error shape, with optional parts only when given', () => {
    expect(new AppError(404, 'NOT_FOUND', 'gone').toBody()).toEqual({
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
    const full = new AppError(422, 'UNPARSEABLE_QUERY', 'what?', {
      details: { at: 1 },
      suggestions: ['try x'],
    });
    expect(full.toBody()).toEqual({
      error: { code: 'UNPARSEABLE_QUERY', message: 'what?', details: { at: 1 }, suggestions: ['try x'] },
    });
    expect(full.status).toBe(422);
  });
});

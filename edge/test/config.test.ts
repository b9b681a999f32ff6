import { describe, expect, it } from 'vitest';
import { edgeSettingsFromEnv, parseRegionList } from '../src/config.ts';

describe('edge settings', () => {
  it('parses regions with optional weight and priority', () => {
    expect(
      parseRegionList('us-east=http://127.0.0.1:8081, eu-west=http://127.0.0.1:8082;weight=2;priority=1'),
    ).toEqual([
      { name: 'us-east', url: 'http://127.0.0.1:8081', weight: 1, priority: 0 },
      { name: 'eu-west', url: 'http://127.0.0.1:8082', weight: 2, priority: 1 },
    ]);
  });

  it('reads the environment and names the bad variable in one line', () => {
    const ok = edgeSettingsFromEnv({
      SMARTDB_REGIONS: 'a=http://127.0.0.1:1/',
      PORT: '9000',
      SMARTDB_EDGE_GEO: 'de=a',
    });
    expect(ok).toMatchObject({
      ok: true,
      settings: {
        PORT: 9000,
        SMARTDB_REGIONS: [{ name: 'a', url: 'http://127.0.0.1:1' }],
        SMARTDB_EDGE_GEO: { DE: 'a' },
      },
    });
    expect(edgeSettingsFromEnv({})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^invalid SMARTDB_REGIONS/),
    });
    expect(edgeSettingsFromEnv({ SMARTDB_REGIONS: 'a=file:///etc/passwd' })).toMatchObject({ ok: false });
    expect(edgeSettingsFromEnv({ SMARTDB_REGIONS: 'a=http://x,a=http://y' })).toMatchObject({ ok: false });
    expect(
      edgeSettingsFromEnv({ SMARTDB_REGIONS: 'a=http://x', UPSTASH_REDIS_REST_URL: 'http://u' }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('UPSTASH_REDIS_REST_TOKEN'),
    });
    expect(edgeSettingsFromEnv({ SMARTDB_REGIONS: 'a=http://x', SMARTDB_EDGE_GEO: 'US=b' })).toMatchObject({
      ok: false,
    });
  });
});

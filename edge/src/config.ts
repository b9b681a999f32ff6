// Every setting of an edge process, as one zod schema keyed by environment-variable name. The runtime
// entry (or the CLI) reads the environment once, parses it here and passes the result down; no other
// edge module reads the environment. It must never accept a region that is not an http(s) URL.
import { parseSettings, pickEnv } from '@smartdb/core';
import { z } from 'zod';

export interface RegionConfig {
  name: string;
  /** Origin plus optional base path, without a trailing slash. */
  url: string;
  /** Share among near-equal regions of the same priority (default 1). */
  weight: number;
  /** Lower is preferred; a higher priority is used only when no lower one is available (default 0). */
  priority: number;
}

const REGION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `name=url[;weight=N][;priority=N]` entries separated by commas, e.g.
 * `us-east=http://127.0.0.1:8081,eu-west=http://127.0.0.1:8082;priority=1`.
 */
export function parseRegionList(text: string): RegionConfig[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [head = '', ...attrs] = part.split(';');
      const eq = head.indexOf('=');
      if (eq < 1) throw new Error(`"${part}" is not name=url`);
      const name = head.slice(0, eq).trim();
      const url = head.slice(eq + 1).trim();
      const region: RegionConfig = { name, url, weight: 1, priority: 0 };
      for (const attr of attrs) {
        const [key, value] = attr.split('=').map((s) => s.trim());
        const n = Number(value);
        if (key === 'weight' && n > 0) region.weight = n;
        else if (key === 'priority' && Number.isInteger(n) && n >= 0) region.priority = n;
        else throw new Error(`unknown region attribute "${attr}" in "${part}"`);
      }
      return region;
    });
}

const regionSchema = z.object({
  name: z.string().regex(REGION_NAME, 'region names are lower-case letters, digits and dashes'),
  url: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'region URLs are http or https')
    .refine((v) => !v.includes('?') && !v.includes('#'), 'region URLs carry no query or fragment')
    .transform((v) => v.replace(/\/+$/, '')),
  weight: z.number().positive().default(1),
  priority: z.number().int().min(0).default(0),
});

const regionsSchema = z
  .union(
    [
      z.string().transform((text, ctx) => {
        try {
          return parseRegionList(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
      z.array(z.unknown()),
    ],
    { error: 'is required: name=url[,name=url] (e.g. us-east=http://127.0.0.1:8081)' },
  )
  .pipe(z.array(regionSchema).min(1, 'at least one region is required'))
  .refine((list) => new Set(list.map((r) => r.name)).size === list.length, 'region names must be unique');

/** `US=us-east,DE=eu-west`: country code (as in `cf-ipcountry`) → preferred region. */
const geoSchema = z
  .union([
    z.string().transform((text) =>
      Object.fromEntries(
        text
          .split(',')
          .map((pair) => pair.split('=').map((s) => s.trim()))
          .filter((pair) => pair.length === 2 && pair[0] !== '' && pair[1] !== ''),
      ),
    ),
    z.record(z.string(), z.string()),
  ])
  .pipe(z.record(z.string().regex(/^[A-Za-z]{2}$/), z.string().regex(REGION_NAME)))
  .transform((map) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toUpperCase(), v])));

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const edgeSettingsSchema = z
  .object({
    SMARTDB_REGIONS: regionsSchema,
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    SMARTDB_EDGE_GEO: geoSchema.default({}),
    UPSTASH_REDIS_REST_URL: z.string().url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    /** Active health probes: path, period (jittered ±20 %) and timeout. */
    SMARTDB_EDGE_PROBE_PATH: z.string().startsWith('/').default('/ready'),
    SMARTDB_EDGE_PROBE_INTERVAL_MS: ms(50, 60_000).default(1_000),
    SMARTDB_EDGE_PROBE_TIMEOUT_MS: ms(20, 30_000).default(500),
    /** First ejection (and hold-down) length; doubles with each repeated ejection up to the max. */
    SMARTDB_EDGE_EJECT_BASE_MS: ms(100, 600_000).default(5_000),
    SMARTDB_EDGE_EJECT_MAX_MS: ms(100, 3_600_000).default(60_000),
    /** Consecutive good probes needed before an ejected region is readmitted. */
    SMARTDB_EDGE_RECOVER_PROBES: z.coerce.number().int().min(1).max(100).default(3),
    /** After readmission the region's share ramps from 10 % to 100 % over this long. */
    SMARTDB_EDGE_SLOW_START_MS: ms(0, 600_000).default(10_000),
    /** Regions whose RTT is within this factor of the fastest are spread by least outstanding requests. */
    SMARTDB_EDGE_NEAR_EQUAL_RATIO: z.coerce.number().min(1).max(10).default(1.25),
    SMARTDB_EDGE_UPSTREAM_TIMEOUT_MS: ms(100, 600_000).default(15_000),
    SMARTDB_EDGE_CONNECT_TIMEOUT_MS: ms(50, 60_000).default(1_000),
    SMARTDB_EDGE_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Retries allowed as a fraction of requests, plus a floor per second. */
    SMARTDB_EDGE_RETRY_RATIO: z.coerce.number().min(0).max(1).default(0.2),
    SMARTDB_EDGE_RETRY_MIN_PER_SECOND: z.coerce.number().min(0).max(10_000).default(10),
    SMARTDB_EDGE_CACHE: z
      .enum(['on', 'off', 'true', 'false', '1', '0'])
      .default('on')
      .transform((v) => v === 'on' || v === 'true' || v === '1'),
    SMARTDB_EDGE_CACHE_FRESH_MS: ms(0, 3_600_000).default(2_000),
    SMARTDB_EDGE_CACHE_STALE_MS: ms(0, 86_400_000).default(30_000),
    SMARTDB_EDGE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
    SMARTDB_EDGE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(64),
    /** How long another edge's write may go unnoticed: the shared generation counter is re-read this often. */
    SMARTDB_EDGE_GENERATION_TTL_MS: ms(0, 60_000).default(1_000),
    /** After a write, the writer's requests go to the region that took it for this long (0: off). */
    SMARTDB_EDGE_WRITE_AFFINITY_MS: ms(0, 600_000).default(3_000),
    /** Token bucket per caller (API key, else client address); 0 turns rate limiting off. */
    SMARTDB_EDGE_RATE_LIMIT_RPS: z.coerce.number().min(0).max(1_000_000).default(2_000),
    SMARTDB_EDGE_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(10_000_000).default(4_000),
  })
  .refine((s) => !s.UPSTASH_REDIS_REST_URL === !s.UPSTASH_REDIS_REST_TOKEN, {
    message: 'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set together',
    path: ['UPSTASH_REDIS_REST_TOKEN'],
  })
  .refine((s) => s.SMARTDB_EDGE_EJECT_MAX_MS >= s.SMARTDB_EDGE_EJECT_BASE_MS, {
    message: 'must be at least SMARTDB_EDGE_EJECT_BASE_MS',
    path: ['SMARTDB_EDGE_EJECT_MAX_MS'],
  })
  .refine(
    (s) => Object.values(s.SMARTDB_EDGE_GEO).every((r) => s.SMARTDB_REGIONS.some((x) => x.name === r)),
    {
      message: 'names a region that is not in SMARTDB_REGIONS',
      path: ['SMARTDB_EDGE_GEO'],
    },
  );

export type EdgeSettings = z.output<typeof edgeSettingsSchema>;
export type EdgeSettingsInput = z.input<typeof edgeSettingsSchema>;

export const EDGE_ENV_KEYS = Object.keys(edgeSettingsSchema.shape) as readonly string[];

/** Parses an environment (the Node process environment, Deno's, or Worker bindings) into settings. */
export function edgeSettingsFromEnv(
  env: Record<string, unknown>,
): { ok: true; settings: EdgeSettings } | { ok: false; message: string } {
  const strings: Record<string, string | undefined> = {};
  for (const key of EDGE_ENV_KEYS) {
    const value = env[key];
    if (typeof value === 'string') strings[key] = value;
  }
  return parseSettings(edgeSettingsSchema, pickEnv(strings, EDGE_ENV_KEYS));
}

/** Parses settings from a plain object (tests, the CLI); throws with a one-line message. */
export function edgeSettings(input: EdgeSettingsInput): EdgeSettings {
  const parsed = parseSettings(edgeSettingsSchema, input as Record<string, unknown>);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.settings;
}

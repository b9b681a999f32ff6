/**
 * The `smartdb` command. Reads the environment and flags once, validates them with the settings
 * schema (a bad value stops the process with one line naming it, exit code 2), then starts what was
 * asked for. Each command imports what it runs when it runs: an edge process never loads the
 * region's database drivers, query engine and admin UI (its idle RSS was 199 MB with them).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  parseSettings,
  pickEnv,
  type RegionSettings,
  regionSettingsSchema,
  tracingSettingsSchema,
} from '@smartdb/core';
import { EDGE_ENV_KEYS, type EdgeSettings, edgeSettingsSchema } from '@smartdb/edge';

const REGION_ENV = Object.keys(regionSettingsSchema.shape);

const USAGE = `usage: smartdb <command> [flags]

  dev                         edge :8080 + regions us-east :8081 and eu-west :8082 on embedded PGlite
  region --port N --region R  one region against DATABASE_URL (PGlite in SMARTDB_DATA_DIR when unset)
  edge --port N --regions name=url,...   the edge in front of regions (SMARTDB_REGIONS works too)
  migrate                     apply migrations/ to DATABASE_URL
  backup --out FILE           consistent snapshot of DATABASE_URL as gzip NDJSON
  restore FILE                restore a backup into an empty DATABASE_URL (restart regions after)
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`smartdb: ${message}\n`);
  process.exit(code);
}

function settingsFrom(flags: Record<string, string | undefined>): RegionSettings {
  const raw: Record<string, unknown> = { ...pickEnv(process.env, REGION_ENV) };
  if (flags.port !== undefined) raw.PORT = flags.port;
  if (flags.region !== undefined) raw.REGION = flags.region;
  if (flags.host !== undefined) raw.HOST = flags.host;
  if (flags['data-dir'] !== undefined) raw.SMARTDB_DATA_DIR = flags['data-dir'];
  if (flags['admin-key'] !== undefined) raw.SMARTDB_ADMIN_KEY = flags['admin-key'];
  const parsed = parseSettings(regionSettingsSchema, raw);
  if (!parsed.ok) fail(parsed.message);
  return parsed.settings;
}

function edgeSettingsFrom(
  flags: Record<string, string | undefined>,
  defaults: Record<string, string> = {},
): EdgeSettings {
  const raw: Record<string, unknown> = { ...defaults, ...pickEnv(process.env, EDGE_ENV_KEYS) };
  if (flags.port !== undefined) raw.PORT = flags.port;
  if (flags.host !== undefined) raw.HOST = flags.host;
  if (flags.regions !== undefined) raw.SMARTDB_REGIONS = flags.regions;
  const parsed = parseSettings(edgeSettingsSchema, raw);
  if (!parsed.ok) fail(parsed.message);
  return parsed.settings;
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`smartdb: ${signal}, shutting down\n`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      region: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'admin-key': { type: 'string' },
      regions: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  switch (command) {
    case 'region': {
      const settings = settingsFrom(values);
      const { startRegion } = await import('./server.ts');
      const region = await startRegion(settings);
      process.stdout.write(
        `smartdb region ${settings.REGION} listening on http://${settings.HOST}:${region.port}\n`,
      );
      onShutdown(() => region.close());
      return;
    }
    case 'edge': {
      const settings = edgeSettingsFrom(values);
      // The edge's spans (edge/src/tracing.ts) are exported when a collector is configured.
      const otlp = parseSettings(
        tracingSettingsSchema,
        pickEnv(process.env, Object.keys(tracingSettingsSchema.shape)),
      );
      if (!otlp.ok) fail(otlp.message);
      const { startTracing } = await import('./observability/tracing.ts');
      const { startEdgeNode } = await import('@smartdb/edge/node');
      const tracing = await startTracing(otlp.settings.OTEL_EXPORTER_OTLP_ENDPOINT, 'edge');
      const edge = await startEdgeNode(settings);
      process.stdout.write(`smartdb edge listening on ${edge.url}\n`);
      onShutdown(async () => {
        await edge.close();
        await tracing?.shutdown();
      });
      return;
    }
    case 'migrate': {
      const settings = settingsFrom({
        'admin-key': process.env.SMARTDB_ADMIN_KEY ?? 'migrate-only-no-key-needed',
        ...values,
      });
      const { migrateDatabase, openDatabase } = await import('./database.ts');
      const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.SMARTDB_DATA_DIR });
      await migrateDatabase(database);
      await database.close();
      process.stdout.write('smartdb: migrations applied\n');
      return;
    }
    case 'dev': {
      const adminKey = process.env.SMARTDB_ADMIN_KEY || `sdb_root_${randomBytes(24).toString('base64url')}`;
      const base = settingsFrom({ 'admin-key': adminKey, ...values });
      if (!base.DATABASE_URL) mkdirSync(base.SMARTDB_DATA_DIR, { recursive: true });
      const [{ migrateDatabase, openDatabase }, { startRegion }, { startEdgeNode }] = await Promise.all([
        import('./database.ts'),
        import('./server.ts'),
        import('@smartdb/edge/node'),
      ]);
      const database = await openDatabase({ url: base.DATABASE_URL, dataDir: base.SMARTDB_DATA_DIR });
      await migrateDatabase(database);
      const regions = await Promise.all(
        [
          { REGION: 'us-east', PORT: 8081 },
          { REGION: 'eu-west', PORT: 8082 },
        ].map((r) => startRegion({ ...base, ...r }, { database })),
      );
      const edge = await startEdgeNode(
        edgeSettingsFrom(
          { port: values.port ?? '8080', host: base.HOST },
          {
            SMARTDB_REGIONS: regions
              .map((r) => `${r.services.settings.REGION}=http://${base.HOST}:${r.port}`)
              .join(','),
          },
        ),
      );
      process.stdout.write(
        [
          `smartdb dev: ${base.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${base.SMARTDB_DATA_DIR}`}`,
          `  edge       ${edge.url}`,
          ...regions.map((r) => `  region ${r.services.settings.REGION}  http://127.0.0.1:${r.port}`),
          `  admin key  ${adminKey}`,
          '',
        ].join('\n'),
      );
      onShutdown(async () => {
        await edge.close();
        await Promise.all(regions.map((r) => r.close()));
        await database.close();
      });
      return;
    }
    case 'backup':
    case 'restore': {
      const file = command === 'backup' ? values.out : positionals[0];
      if (!file) fail(command === 'backup' ? 'backup needs --out FILE' : 'restore needs a FILE');
      const settings = settingsFrom({
        'admin-key': process.env.SMARTDB_ADMIN_KEY ?? 'backup-only-no-key-needed',
        ...values,
      });
      if (!settings.DATABASE_URL) mkdirSync(settings.SMARTDB_DATA_DIR, { recursive: true });
      const [{ openDatabase }, { createBackup, restoreBackup }] = await Promise.all([
        import('./database.ts'),
        import('./backup.ts'),
      ]);
      const database = await openDatabase({ url: settings.DATABASE_URL, dataDir: settings.SMARTDB_DATA_DIR });
      try {
        const started = performance.now();
        const done =
          command === 'backup' ? await createBackup(database, file) : await restoreBackup(database, file);
        const rows = Object.entries(done.rows)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ');
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          command === 'backup'
            ? `smartdb: backup written to ${file} (${rows}; ${seconds} s)\n`
            : `smartdb: restored ${file} (${rows}; ${seconds} s); restart the regions to load it\n`,
        );
      } finally {
        await database.close();
      }
      return;
    }
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exit(2);
  }
}

main(process.argv.slice(2)).catch((e: Error) => fail(e.message, 1));

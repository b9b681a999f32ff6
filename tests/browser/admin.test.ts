/**
 * The admin dashboard in real Chromium (playwright-core driving the system's /usr/bin/chromium)
 * against a region on a loopback port and the real PostgreSQL: a failed sign-in, sign-in, the
 * stores table, live rates, the query console and the regions panel. Screenshots go to
 * tests/artifacts/ (gitignored) for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type InProcessRegion, startInProcessRegion, type TestKey } from '../support/region-process.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let region: InProcessRegion;
let server: ReturnType<typeof serve>;
let base: string;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  region = await startInProcessRegion({ region: 'admin-ui' });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: region.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'smartdb-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 1000 },
  });
  context.setDefaultTimeout(8_000);
});
afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await region?.close();
});
beforeEach(async () => {
  await context.clearCookies();
});

async function ingest(key: TestKey, records: unknown): Promise<void> {
  const res = await region.request('/v1/ingest', { key: key.key, json: records });
  expect(res.status).toBe(201);
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${base}/admin`);
  await page.fill('input[name="key"]', key);
  // Success redirects (303) to /admin; a refusal answers the form's POST with the sign-in page.
  await Promise.all([page.waitForURL(/\/admin(\/login)?$/), page.click('button[type="submit"]')]);
}

const logs = [
  { level: 'error', service: 'api', message: 'boom', timestamp: '2026-01-02T10:00:00Z' },
  { level: 'error', service: 'api', message: 'again', timestamp: '2026-01-02T10:01:00Z' },
  {
    level: 'error',
    service: 'web',
    message: '<img src=x onerror=alert(1)>',
    timestamp: '2026-01-02T10:02:00Z',
  },
  { level: 'info', service: 'web', message: 'ok', timestamp: '2026-01-02T10:03:00Z' },
];

test('a failed sign-in shows an error and sets no session', async () => {
  const page = await context.newPage();
  await signIn(page, 'sdb_this-key-does-not-exist');
  await expect.poll(() => page.textContent('#login-error')).toContain('Sign-in failed');
  const read = await region.key('read');
  await signIn(page, read.key);
  await expect.poll(() => page.textContent('#login-error')).toContain('the read role');
  expect(await page.$('#stores')).toBeNull();
  expect((await context.cookies()).filter((c) => c.name === 'smartdb_admin')).toEqual([]);
  await page.screenshot({ path: join(ARTIFACTS, 'admin-failed-sign-in.png') });
  await page.close();
});

test("sign-in shows the tenant's stores; the cookie holds a session id, never the key", async () => {
  const admin = await region.key('admin');
  const writer = await region.key('write', admin.tenant);
  await ingest(writer, logs);
  await ingest(writer, [
    { order_id: 'o-1', customer: 'ann', amount: 120, created_at: '2026-01-02T10:00:00Z' },
    { order_id: 'o-2', customer: 'bob', amount: 80, created_at: '2026-01-02T11:00:00Z' },
  ]);
  const page = await context.newPage();
  await signIn(page, admin.key);
  expect(await page.textContent('#tenant')).toBe(admin.tenant);

  const rows = await page.$$eval('#stores tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
  );
  const byDomain = Object.fromEntries(rows.map((r) => [r[1], r]));
  expect(Object.keys(byDomain).sort()).toEqual(['logs', 'orders']);
  expect(byDomain.logs![2]).toBe('HOT');
  expect(byDomain.logs![3]).toBe('4');
  expect(byDomain.orders![3]).toBe('2');

  const [cookie] = (await context.cookies()).filter((c) => c.name === 'smartdb_admin');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
  expect(cookie!.value).not.toContain(admin.key);
  expect(cookie!.value).toMatch(/^[0-9a-f]{64}$/);
  expect(await page.content()).not.toContain(admin.key);

  await expect
    .poll(() => page.textContent('#regions'), { timeout: 5_000 })
    .toContain('Served directly by region admin-ui');
  await page.screenshot({ path: join(ARTIFACTS, 'admin-stores.png'), fullPage: true });
  await page.close();
});

test('live rates follow real ingestion, sampled every 2 s into the chart', async () => {
  const admin = await region.key('admin');
  const writer = await region.key('write', admin.tenant);
  const page = await context.newPage();
  await signIn(page, admin.key);
  await page.waitForSelector('#rates-chart canvas');
  // The first difference between two samples appears after one polling interval.
  await expect.poll(() => page.textContent('#ingest-rate'), { timeout: 5_000 }).toBe('0.0');
  await ingest(
    writer,
    Array.from({ length: 60 }, (_, i) => ({ ...logs[i % logs.length], message: `m${i}` })),
  );
  await expect
    .poll(async () => Number(await page.textContent('#ingest-rate')), { timeout: 5_000 })
    .toBeGreaterThan(0);
  await page.screenshot({ path: join(ARTIFACTS, 'admin-rates.png') });
  await page.close();
});

test('the query console shows the interpretation, the SQL from explain and the results', async () => {
  const admin = await region.key('admin');
  await ingest(await region.key('write', admin.tenant), logs);
  const page = await context.newPage();
  await signIn(page, admin.key);
  await page.fill('#q', 'count error logs by service');
  await page.click('#console button[type="submit"]');
  await page.waitForSelector('#console-output:not([hidden])');

  const interpretation = JSON.parse((await page.textContent('#interpretation')) ?? '{}');
  expect(interpretation).toMatchObject({ intent: 'count', domain: 'logs', groupBy: 'service' });
  const sql = (await page.textContent('#sql')) ?? '';
  expect(sql.toLowerCase()).toContain('select');
  expect(sql).toContain(admin.tenant); // the tenant is a bound parameter of every statement
  const groups = await page.$$eval('#results tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
  );
  expect(groups.sort()).toEqual([
    ['api', '2'],
    ['web', '1'],
  ]);
  expect(await page.textContent('#result-summary')).toContain('count 3');
  await page.screenshot({ path: join(ARTIFACTS, 'admin-console.png'), fullPage: true });

  // Groups of periods are headed by the period and the time zone, not by the store's time field.
  await page.fill('#q', 'count error logs per day');
  await page.click('#console button[type="submit"]');
  await expect.poll(() => page.textContent('#results thead')).toBe('day starting (UTC)count');
  expect(
    await page.$$eval('#results tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    ),
  ).toEqual([['2026-01-02T00:00:00.000Z', '3']]);

  // Rows are written as text: a stored record holding markup is shown, never run.
  await page.fill('#q', 'error logs from web');
  await page.click('#console button[type="submit"]');
  await expect.poll(() => page.textContent('#results tbody')).toContain('<img src=x onerror=alert(1)>');
  expect(await page.$('#results img')).toBeNull();

  // A question the engine refuses shows its message instead of results.
  await page.fill('#q', 'delete all logs');
  await page.click('#console button[type="submit"]');
  await page.waitForSelector('#console-error:not([hidden])');
  expect(await page.isHidden('#console-output')).toBe(true);
  await page.close();
});

test('console requests without the CSRF token are refused', async () => {
  const admin = await region.key('admin');
  const page = await context.newPage();
  await signIn(page, admin.key);
  const status = await page.evaluate(async () => {
    const res = await fetch('/admin/api/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'count logs' }),
    });
    return res.status;
  });
  expect(status).toBe(403);
  await page.close();
});
